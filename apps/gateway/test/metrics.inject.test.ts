import { type ChatEvent, type ChatResult, UpstreamError } from '@modelmux/core';
import { createFakeProviderPlugin } from '@modelmux/testkit';
import type { FastifyInstance } from 'fastify';
import { MockAgent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';

const dispatcher = new MockAgent();
dispatcher.disableNetConnect();

const result: ChatResult = {
  content: [{ type: 'text', text: 'Hi' }],
  finishReason: { unified: 'stop' },
  usage: { inputTokens: 10, outputTokens: 4, cachedInputTokens: 6, reasoningTokens: 2 },
  warnings: [],
};
const events: ChatEvent[] = [
  { type: 'response-start', warnings: [] },
  { type: 'text-start', blockId: 't' },
  { type: 'text-delta', blockId: 't', delta: 'Hi' },
  { type: 'text-end', blockId: 't' },
  { type: 'response-end', finishReason: { unified: 'stop' }, usage: { inputTokens: 3, outputTokens: 1 } },
];
const fake = createFakeProviderPlugin({
  scripts: {
    hello: { generate: result, stream: events },
    failing: {
      generate: async () => {
        throw new UpstreamError({ statusCode: 429, message: 'slow down' });
      },
    },
  },
});

let app: FastifyInstance;
beforeAll(async () => {
  app = buildApp({
    config: parseGatewayConfig({
      server: { log_level: 'silent' },
      providers: { mock: { type: 'fake' } },
      models: { fast: { targets: ['mock:hello'] } },
    }),
    providerPlugins: [fake as never],
    dispatcher,
    logger: false,
  });
  const chat = (model: string, stream = false) =>
    app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: { model, stream, messages: [{ role: 'user', content: 'hi' }] },
    });
  await chat('fast');
  await chat('fast', true);
  await chat('mock:failing');
  await chat('no-such-model-from-a-client');
});
afterAll(() => app.close());

/** The value of one series in Prometheus' text format. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('counts requests by route, model, target and status, without client-made label values', async () => {
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.body;
    const route = 'route="/v1/chat/completions"';
    expect(
      sample(text, `modelmux_requests_total{${route},model="fast",target="mock:hello",status="200"}`),
    ).toBe(2);
    expect(
      sample(
        text,
        `modelmux_requests_total{${route},model="mock:failing",target="mock:failing",status="429"}`,
      ),
    ).toBe(1);
    expect(sample(text, `modelmux_requests_total{${route},model="unknown",target="none",status="404"}`)).toBe(
      1,
    );
    expect(text).not.toContain('no-such-model-from-a-client');
  });

  it('counts tokens by kind, errors by code, and measures latency, first byte and gateway overhead', async () => {
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(sample(text, 'modelmux_tokens_total{target="mock:hello",kind="input"}')).toBe(13);
    expect(sample(text, 'modelmux_tokens_total{target="mock:hello",kind="output"}')).toBe(5);
    expect(sample(text, 'modelmux_tokens_total{target="mock:hello",kind="cached_input"}')).toBe(6);
    expect(sample(text, 'modelmux_tokens_total{target="mock:hello",kind="reasoning"}')).toBe(2);
    expect(
      sample(text, 'modelmux_errors_total{target="mock:failing",code="MMX_UPSTREAM_RATE_LIMITED"}'),
    ).toBe(1);
    expect(sample(text, 'modelmux_gateway_overhead_seconds_count{route="/v1/chat/completions"}')).toBe(2);
    expect(
      sample(
        text,
        'modelmux_time_to_first_byte_seconds_count{route="/v1/chat/completions",target="mock:hello"}',
      ),
    ).toBe(2);
    expect(
      sample(
        text,
        'modelmux_request_duration_seconds_count{route="/v1/chat/completions",target="mock:hello"}',
      ),
    ).toBe(2);
    expect(sample(text, 'modelmux_open_streams')).toBe(0);
  });
});
