import { randomUUID } from 'node:crypto';
import type { ChatResult } from '@modelmux/core';
import { createFakeProviderPlugin, validateOpenAiSchema } from '@modelmux/testkit';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { MockAgent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app.js';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { RATE_WINDOW_MS } from '../src/rate-limit/rate-window.js';
import { freePort, type RedisServer, startRedisServer } from './redis-server.js';

// Two gateway instances sharing one real Redis: the per-key limits hold across both.

const dispatcher = new MockAgent();
dispatcher.disableNetConnect();

const hello: ChatResult = {
  content: [{ type: 'text', text: 'Hello!' }],
  finishReason: { unified: 'stop' },
  usage: { inputTokens: 3, outputTokens: 2 },
  warnings: [],
};
const fake = createFakeProviderPlugin({
  scripts: { hello: { generate: hello }, other: { generate: hello } },
});

const KEYS = {
  open: 'sk-redis-open-0123456789',
  team: 'sk-redis-team-0123456789',
  metered: 'sk-redis-metered-0123456789',
  tokens: 'sk-redis-tokens-0123456789',
};

/** 15 s into a minute: 45 s are left in the window. */
const MINUTE = 29_000_000;
const clock = { now: MINUTE * RATE_WINDOW_MS + 15_000 };

let redis: RedisServer;
let raw: Redis;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  raw = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
});

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  clock.now = MINUTE * RATE_WINDOW_MS + 15_000;
});

afterAll(async () => {
  raw?.disconnect();
  await redis?.stop();
});

function configFor(auth: Record<string, unknown>, logLevel = 'silent') {
  return parseGatewayConfig({
    server: { log_level: logLevel },
    providers: { mock: { type: 'fake' } },
    models: { fast: { targets: ['mock:hello'] }, premium: { targets: ['mock:other'] } },
    auth: {
      keys: [
        { name: 'open', key: KEYS.open },
        { name: 'team', key: KEYS.team, models: ['fast'] },
        { name: 'metered', key: KEYS.metered, rpm: 3 },
        { name: 'tokens', key: KEYS.tokens, tpm: 12 },
      ],
      ...auth,
    },
  });
}

function gateway(config: ReturnType<typeof configFor>, logLines?: string[]): FastifyInstance {
  const app = buildApp({
    config,
    providerPlugins: [fake as never],
    dispatcher,
    now: () => clock.now,
    ...(logLines === undefined ? {} : { logStream: { write: (line: string) => logLines.push(line) } }),
  });
  apps.push(app);
  return app;
}

/** Two gateways counting in one Redis under a prefix of their own. */
function twoGateways() {
  const keyPrefix = `it:${randomUUID()}:`;
  const config = configFor({ rate_limit_store: 'redis', redis_url: redis.url, redis_key_prefix: keyPrefix });
  return { keyPrefix, a: gateway(config), b: gateway(config) };
}

function chat(app: FastifyInstance, key: string | undefined, model = 'fast') {
  return app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
    payload: { model, messages: [{ role: 'user', content: 'hi' }] },
  });
}

describe('gateway API keys with limits in Redis, two gateways', () => {
  it('answers 401 without a key or with an unknown one, and 403 for another model, on both', async () => {
    const { a, b } = twoGateways();
    for (const app of [a, b]) {
      const missing = await chat(app, undefined);
      expect(missing.statusCode).toBe(401);
      expect(validateOpenAiSchema('ErrorResponse', missing.json())).toEqual([]);
      expect(missing.json().error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' });
      const unknown = await chat(app, 'sk-redis-nobody-0123456789');
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json().error.message).toBe('Incorrect API key provided.');
      const forbidden = await chat(app, KEYS.team, 'premium');
      expect(forbidden.statusCode).toBe(403);
      expect(validateOpenAiSchema('ErrorResponse', forbidden.json())).toEqual([]);
      expect(forbidden.json().error).toMatchObject({
        type: 'invalid_request_error',
        code: 'MMX_GATEWAY_FORBIDDEN',
      });
      expect((await chat(app, KEYS.team, 'fast')).statusCode).toBe(200);
    }
  });

  it('lets a key with rpm = 3 make 3 requests across both, then answers 429 with Retry-After on either', async () => {
    const { a, b } = twoGateways();
    expect((await chat(a, KEYS.metered)).statusCode).toBe(200);
    expect((await chat(b, KEYS.metered)).statusCode).toBe(200);
    expect((await chat(a, KEYS.metered)).statusCode).toBe(200);
    for (const app of [b, a]) {
      const limited = await chat(app, KEYS.metered);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBe('45');
      expect(limited.headers['retry-after-ms']).toBe('45000');
      expect(validateOpenAiSchema('ErrorResponse', limited.json())).toEqual([]);
      expect(limited.json().error).toMatchObject({
        type: 'rate_limit_error',
        code: 'MMX_GATEWAY_RATE_LIMITED',
        message: expect.stringContaining("'metered'"),
      });
    }
    // Other keys are not limited; the next minute starts over.
    expect((await chat(b, KEYS.open)).statusCode).toBe(200);
    clock.now = (MINUTE + 1) * RATE_WINDOW_MS;
    expect((await chat(b, KEYS.metered)).statusCode).toBe(200);
  });

  it('counts a key’s tokens from both gateways: with tpm = 12 and 5 tokens a reply, the 4th request is a 429', async () => {
    const { keyPrefix, a, b } = twoGateways();
    const counters = `${keyPrefix}rl:tokens:${MINUTE}`;
    // Tokens are added after each reply; wait until they are in Redis before the other gateway checks.
    const tokensCounted = (tokens: number) =>
      vi.waitFor(async () => expect(await raw.hget(counters, 't')).toBe(String(tokens)), { timeout: 5_000 });
    expect((await chat(a, KEYS.tokens)).statusCode).toBe(200);
    await tokensCounted(5);
    expect((await chat(b, KEYS.tokens)).statusCode).toBe(200);
    await tokensCounted(10);
    expect((await chat(a, KEYS.tokens)).statusCode).toBe(200);
    await tokensCounted(15);
    clock.now += 5_000;
    const limited = await chat(b, KEYS.tokens);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('40');
    expect(validateOpenAiSchema('ErrorResponse', limited.json())).toEqual([]);
    expect(limited.json().error).toMatchObject({
      type: 'rate_limit_error',
      code: 'MMX_GATEWAY_RATE_LIMITED',
    });
    expect(await raw.hget(counters, 'r')).toBe('3');
  });
});

describe('the Redis connection of the limiter', () => {
  const clients = async () =>
    String(await raw.client('LIST'))
      .trim()
      .split('\n').length;

  it('is opened on the first limited request and closed with the app', async () => {
    const before = await clients();
    const { a, b } = twoGateways();
    await a.ready();
    await b.ready();
    expect((await chat(a, KEYS.open)).statusCode).toBe(200);
    expect(await clients()).toBe(before);
    expect((await chat(a, KEYS.metered)).statusCode).toBe(200);
    expect((await chat(b, KEYS.metered)).statusCode).toBe(200);
    expect(await clients()).toBe(before + 2);
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await vi.waitFor(async () => expect(await clients()).toBe(before), { timeout: 5_000 });
  });
});

describe('a rate-limit store that cannot be reached', () => {
  async function unreachableRedis() {
    return `redis://127.0.0.1:${await freePort()}`;
  }

  it('fails open by default: requests go through, a warning is logged and the failure counted', async () => {
    const logLines: string[] = [];
    const app = gateway(
      configFor({ rate_limit_store: 'redis', redis_url: await unreachableRedis() }, 'warn'),
      logLines,
    );
    for (const key of [KEYS.metered, KEYS.metered, KEYS.metered, KEYS.tokens, KEYS.tokens])
      expect((await chat(app, key)).statusCode).toBe(200);
    const warnings = logLines
      .map((line) => JSON.parse(line) as { level: number; msg: string; failureMode?: string })
      .filter((line) => line.msg.startsWith('the rate-limit store failed'));
    // At most one warning per 10 s however many requests fail (the test's clock stands still).
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, failureMode: 'open' });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/^modelmux_rate_limit_store_errors_total\{operation="check"\} 5$/m);
    // The tokens of the two replies of the key with a tpm could not be counted either.
    await vi.waitFor(
      async () =>
        expect((await app.inject({ method: 'GET', url: '/metrics' })).body).toMatch(
          /^modelmux_rate_limit_store_errors_total\{operation="count_tokens"\} 2$/m,
        ),
      { timeout: 5_000 },
    );
    // Keys without limits never touch the store.
    expect((await chat(app, KEYS.open)).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).body).toMatch(
      /^modelmux_rate_limit_store_errors_total\{operation="check"\} 5$/m,
    );
  });

  it('fails closed when configured: a limited key gets a 503 in OpenAI’s shape, keys without limits still work', async () => {
    const app = gateway(
      configFor({
        rate_limit_store: 'redis',
        redis_url: await unreachableRedis(),
        rate_limit_failure_mode: 'closed',
      }),
    );
    const refused = await chat(app, KEYS.metered);
    expect(refused.statusCode).toBe(503);
    expect(validateOpenAiSchema('ErrorResponse', refused.json())).toEqual([]);
    expect(refused.json().error).toMatchObject({
      type: 'service_unavailable_error',
      code: 'MMX_STORE_UNAVAILABLE',
      message: "The gateway cannot check this API key's rate limits right now; retry shortly.",
    });
    expect(refused.body).not.toContain('127.0.0.1');
    expect((await chat(app, KEYS.open)).statusCode).toBe(200);
    expect((await chat(app, undefined)).statusCode).toBe(401);
  });
});
