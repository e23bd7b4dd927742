import type { ChatEvent, ChatResult } from '@modelmux/core';
import { createFakeProviderPlugin } from '@modelmux/testkit';
import type { FastifyInstance } from 'fastify';
import { MockAgent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';

const dispatcher = new MockAgent();
dispatcher.disableNetConnect();
// Long enough that the gateway's own time on a loaded test machine stays below it, so "overhead < upstream" means
// the upstream's time was not counted as overhead.
const UPSTREAM_MS = 1_000;
const wait = () => new Promise((resolve) => setTimeout(resolve, UPSTREAM_MS));

const result: ChatResult = {
  content: [{ type: 'text', text: 'Hi' }],
  finishReason: { unified: 'stop' },
  usage: {},
  warnings: [],
};
const events: ChatEvent[] = [
  { type: 'response-start', warnings: [] },
  { type: 'response-end', finishReason: { unified: 'stop' }, usage: {} },
];
const fake = createFakeProviderPlugin({
  scripts: {
    slow: {
      generate: async () => {
        await wait();
        return result;
      },
      stream: async () => {
        await wait();
        return (async function* () {
          yield* events;
        })();
      },
    },
  },
});

let app: FastifyInstance;
afterAll(() => app.close());

function timings(headers: Record<string, unknown>): { overhead: number; gateway: number; upstream: number } {
  const server = /gateway;dur=([\d.]+), upstream;dur=([\d.]+)/.exec(String(headers['server-timing']));
  return {
    overhead: Number(headers['x-modelmux-overhead-ms']),
    gateway: Number(server?.[1]),
    upstream: Number(server?.[2]),
  };
}

describe('gateway overhead headers', () => {
  app = buildApp({
    config: parseGatewayConfig({ server: { log_level: 'silent' }, providers: { mock: { type: 'fake' } } }),
    providerPlugins: [fake as never],
    dispatcher,
    logger: false,
  });

  it.each([false, true])(
    'report the gateway’s own time apart from the upstream’s (stream: %s)',
    async (stream) => {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/chat/completions',
        payload: { model: 'mock:slow', stream, messages: [{ role: 'user', content: 'hi' }] },
      });
      expect(response.statusCode).toBe(200);
      const { overhead, gateway, upstream } = timings(response.headers);
      expect(upstream).toBeGreaterThanOrEqual(UPSTREAM_MS - 5);
      expect(overhead).toBe(gateway);
      expect(overhead).toBeGreaterThanOrEqual(0);
      expect(overhead).toBeLessThan(upstream);
    },
  );
});
