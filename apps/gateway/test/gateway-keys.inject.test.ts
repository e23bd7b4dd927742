import type { ChatResult } from '@modelmux/core';
import { createFakeProviderPlugin, validateOpenAiSchema } from '@modelmux/testkit';
import type { FastifyInstance } from 'fastify';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { RATE_WINDOW_MS } from '../src/rate-limit/rate-window.js';

const dispatcher = new MockAgent();
dispatcher.disableNetConnect();

const hello: ChatResult = {
  content: [{ type: 'text', text: 'Hello!' }],
  finishReason: { unified: 'stop' },
  usage: { inputTokens: 1, outputTokens: 1 },
  warnings: [],
};
const fake = createFakeProviderPlugin({
  scripts: { hello: { generate: hello }, other: { generate: hello } },
});

const config = parseGatewayConfig({
  server: { log_level: 'silent' },
  providers: { mock: { type: 'fake' } },
  models: { fast: { targets: ['mock:hello'] }, premium: { targets: ['mock:other'] } },
  auth: {
    keys: [
      { name: 'everything', key: { env: 'KEY_ALL' } },
      { name: 'team-a', key: 'sk-team-a-0123456789', models: ['fast'] },
      { name: 'metered', key: 'sk-metered-0123456789', rpm: 2 },
    ],
  },
});
const env = { KEY_ALL: 'sk-all-9876543210' };

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

// 15 s into a minute, fixed: the per-minute windows follow the clock, so a real one could cross into the next minute
// between two requests of a test.
const fixedNow = () => 29_000_000 * RATE_WINDOW_MS + 15_000;

function chat(model: string, headers: Record<string, string>) {
  app ??= buildApp({
    config,
    providerPlugins: [fake as never],
    dispatcher,
    logger: false,
    env,
    now: fixedNow,
  });
  return app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    headers,
    payload: { model, messages: [{ role: 'user', content: 'hi' }] },
  });
}

describe('gateway API keys', () => {
  it.each([
    ['Authorization: Bearer', { authorization: 'Bearer sk-all-9876543210' }],
    ['api-key', { 'api-key': 'sk-all-9876543210' }],
    ['x-api-key', { 'x-api-key': 'sk-all-9876543210' }],
  ])('accepts a configured key sent as %s', async (_label, headers) => {
    const response = await chat('fast', headers);
    expect(response.statusCode).toBe(200);
  });

  it('refuses a request without a key with a 401 in OpenAI’s error shape', async () => {
    const response = await chat('fast', {});
    expect(response.statusCode).toBe(401);
    expect(validateOpenAiSchema('ErrorResponse', response.json())).toEqual([]);
    expect(response.json().error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' });
    expect(response.json().error.message).toContain('bearer token in the Authorization header');
  });

  it('refuses an unknown key, and a key that differs only in its last character', async () => {
    for (const key of ['sk-nope', 'sk-all-9876543211']) {
      const response = await chat('fast', { authorization: `Bearer ${key}` });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.message).toBe('Incorrect API key provided.');
    }
  });

  it('gives a key limited to some models a 403 for any other, naming the key but never echoing it', async () => {
    const allowed = await chat('fast', { authorization: 'Bearer sk-team-a-0123456789' });
    expect(allowed.statusCode).toBe(200);
    const denied = await chat('premium', { authorization: 'Bearer sk-team-a-0123456789' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error).toMatchObject({ code: 'MMX_GATEWAY_FORBIDDEN' });
    expect(denied.json().error.message).toContain("'team-a'");
    expect(denied.body).not.toContain('sk-team-a-0123456789');
  });

  it('keeps health checks open and needs a key for the model list too', async () => {
    app = buildApp({ config, providerPlugins: [fake as never], dispatcher, logger: false, env });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/v1/models' })).statusCode).toBe(401);
    const listed = await app.inject({
      method: 'GET',
      url: '/v1/models',
      headers: { 'x-api-key': 'sk-all-9876543210' },
    });
    expect(listed.statusCode).toBe(200);
  });

  it('fails the boot when a key’s variable is missing, naming the setting', async () => {
    app = buildApp({ config, providerPlugins: [fake as never], dispatcher, logger: false, env: {} });
    await expect(app.ready()).rejects.toMatchObject({ message: expect.stringContaining('auth.keys[0].key') });
  });

  it('leaves the API open when no keys are configured', async () => {
    const open = parseGatewayConfig({
      server: { log_level: 'silent' },
      providers: { mock: { type: 'fake' } },
    });
    app = buildApp({ config: open, providerPlugins: [fake as never], dispatcher, logger: false });
    const response = await app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: { model: 'mock:hello', messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(response.statusCode).toBe(200);
  });

  it('answers a key over its requests per minute with a 429 and Retry-After, other keys unaffected', async () => {
    const metered = { authorization: 'Bearer sk-metered-0123456789' };
    expect((await chat('fast', metered)).statusCode).toBe(200);
    expect((await chat('fast', metered)).statusCode).toBe(200);
    const limited = await chat('fast', metered);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('45');
    expect(limited.json().error).toMatchObject({
      type: 'rate_limit_error',
      code: 'MMX_GATEWAY_RATE_LIMITED',
    });
    expect((await chat('fast', { authorization: 'Bearer sk-all-9876543210' })).statusCode).toBe(200);
  });
});
