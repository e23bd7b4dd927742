import type { ChatResult } from '@modelmux/core';
import { createFakeProviderPlugin } from '@modelmux/testkit';
import type { FastifyInstance } from 'fastify';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';

const dispatcher = new MockAgent();
dispatcher.disableNetConnect();
const hello: ChatResult = {
  content: [{ type: 'text', text: 'Hi' }],
  finishReason: { unified: 'stop' },
  usage: {},
  warnings: [],
};
const fake = createFakeProviderPlugin({ scripts: { hello: { generate: hello } } });

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function build(server: Record<string, unknown>, auth?: Record<string, unknown>): FastifyInstance {
  app = buildApp({
    config: parseGatewayConfig({
      server: { log_level: 'silent', ...server },
      providers: { mock: { type: 'fake' } },
      ...(auth === undefined ? {} : { auth }),
    }),
    providerPlugins: [fake as never],
    dispatcher,
    logger: false,
  });
  return app;
}

const preflight = (origin: string) => ({
  method: 'OPTIONS' as const,
  url: '/v1/chat/completions',
  headers: {
    origin,
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'authorization,content-type',
  },
});

describe('CORS', () => {
  it('is off by default: no CORS headers at all', async () => {
    const response = await build({}).inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: { origin: 'https://app.example.com' },
      payload: { model: 'mock:hello', messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers preflights for configured origins only, without asking them for an API key', async () => {
    const gateway = build(
      { cors_origins: ['https://app.example.com'] },
      { keys: [{ name: 'a', key: 'sk-a-0123456789' }] },
    );
    const allowed = await gateway.inject(preflight('https://app.example.com'));
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(String(allowed.headers['access-control-allow-headers'])).toContain('authorization');
    const other = await gateway.inject(preflight('https://evil.example.net'));
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('marks replies for an allowed origin and exposes the gateway’s headers', async () => {
    const response = await build({ cors_origins: ['*'] }).inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: { origin: 'https://any.example.org' },
      payload: { model: 'mock:hello', messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(response.headers['access-control-allow-origin']).toBe('https://any.example.org');
    expect(String(response.headers['access-control-expose-headers'])).toContain('x-modelmux-warnings');
  });
});
