import { randomUUID } from 'node:crypto';
import { StoreError } from '@modelmux/core';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { createKeyRateLimiter } from '../src/rate-limit/create-key-rate-limiter.js';
import { MemoryKeyRateLimiter } from '../src/rate-limit/memory-key-rate-limiter.js';
import { RATE_WINDOW_MS } from '../src/rate-limit/rate-window.js';
import { RedisKeyRateLimiter } from '../src/rate-limit/redis-key-rate-limiter.js';
import { freePort, type RedisServer, startRedisServer } from './redis-server.js';

let redis: RedisServer;
const opened: RedisKeyRateLimiter[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((limiter) => limiter.close()));
});

afterAll(async () => {
  await redis?.stop();
});

/** 15 s into minute 1000 since the epoch: 45 s are left in the window. */
const MINUTE = 1000;
const START = MINUTE * RATE_WINDOW_MS + 15_000;

function limiter(options: { url?: string; keyPrefix: string; clock: { now: number } }): RedisKeyRateLimiter {
  const created = new RedisKeyRateLimiter({
    url: options.url ?? redis.url,
    keyPrefix: options.keyPrefix,
    now: () => options.clock.now,
  });
  opened.push(created);
  return created;
}

/** Two gateways' limiters sharing one Redis and one (fake) clock. */
function twoGateways() {
  const clock = { now: START };
  const keyPrefix = `test:${randomUUID()}:`;
  return { clock, keyPrefix, a: limiter({ keyPrefix, clock }), b: limiter({ keyPrefix, clock }) };
}

describe('RedisKeyRateLimiter', () => {
  it('lets rpm requests through across two gateways, then says how long is left in the minute', async () => {
    const { clock, a, b } = twoGateways();
    expect(await a.take('team', { rpm: 3 })).toBeUndefined();
    expect(await b.take('team', { rpm: 3 })).toBeUndefined();
    expect(await a.take('team', { rpm: 3 })).toBeUndefined();
    expect(await b.take('team', { rpm: 3 })).toBe(45_000);
    clock.now += 20_000;
    expect(await a.take('team', { rpm: 3 })).toBe(25_000);
    expect(await a.take('other', { rpm: 3 })).toBeUndefined();
    clock.now = (MINUTE + 1) * RATE_WINDOW_MS;
    expect(await b.take('team', { rpm: 3 })).toBeUndefined();
  });

  it('refuses a key over its tokens per minute on every gateway from its next request, until the window ends', async () => {
    const { clock, a, b } = twoGateways();
    expect(await a.take('team', { tpm: 100 })).toBeUndefined();
    await a.addTokens('team', 60);
    expect(await b.take('team', { tpm: 100 })).toBeUndefined();
    await b.addTokens('team', 40);
    expect(await a.take('team', { tpm: 100 })).toBe(45_000);
    expect(await b.take('team', { tpm: 100, rpm: 10 })).toBe(45_000);
    clock.now = (MINUTE + 1) * RATE_WINDOW_MS + 500;
    expect(await b.take('team', { tpm: 100 })).toBeUndefined();
  });

  it('never lets more than rpm through when both gateways ask at once (one atomic script per request)', async () => {
    const { a, b } = twoGateways();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? a : b).take('burst', { rpm: 7 })),
    );
    expect(answers.filter((wait) => wait === undefined)).toHaveLength(7);
    expect(answers.filter((wait) => wait === 45_000)).toHaveLength(33);
  });

  it('keeps a key’s window in one hash, <prefix>rl:<name>:<minute>, that Redis expires after the window', async () => {
    const { keyPrefix, a } = twoGateways();
    await a.take('team', { rpm: 5 });
    await a.take('team', { rpm: 5 });
    await a.addTokens('team', 12);
    await a.addTokens('team', 0);
    const raw = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      const key = `${keyPrefix}rl:team:${MINUTE}`;
      expect(a.keyOf('team', MINUTE)).toBe(key);
      expect(await raw.hgetall(key)).toEqual({ r: '2', t: '12' });
      const ttl = await raw.pttl(key);
      expect(ttl).toBeGreaterThan(45_000);
      expect(ttl).toBeLessThanOrEqual(55_000);
      expect(await raw.keys(`${keyPrefix}*`)).toEqual([key]);
    } finally {
      raw.disconnect();
    }
  });

  it('counts tokens reported in a new window in that window, with its own expiry', async () => {
    const { clock, keyPrefix, a } = twoGateways();
    await a.take('team', { tpm: 10 });
    clock.now = (MINUTE + 1) * RATE_WINDOW_MS + 59_000;
    await a.addTokens('team', 50);
    expect(await a.take('team', { tpm: 10 })).toBe(1_000);
    const raw = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      expect(await raw.hgetall(`${keyPrefix}rl:team:${MINUTE + 1}`)).toEqual({ t: '50' });
      expect(await raw.pttl(`${keyPrefix}rl:team:${MINUTE + 1}`)).toBeLessThanOrEqual(11_000);
    } finally {
      raw.disconnect();
    }
  });

  it('connects on first use only, and then rejects fast with a StoreError while Redis is unreachable', async () => {
    const port = await freePort();
    const connectionErrors: Error[] = [];
    const down = new RedisKeyRateLimiter({
      url: `redis://:hunter2@127.0.0.1:${port}`,
      onConnectionError: (error) => connectionErrors.push(error),
    });
    opened.push(down);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(connectionErrors).toEqual([]);
    const first = await down.take('team', { rpm: 1 }).catch((error: unknown) => error);
    expect(StoreError.isInstance(first)).toBe(true);
    expect(first).toMatchObject({ code: 'MMX_STORE_UNAVAILABLE', httpStatus: 503 });
    expect((first as Error).message).toContain(`Redis rate limiter (redis://:***@127.0.0.1:${port})`);
    expect((first as Error).message).not.toContain('hunter2');
    expect(connectionErrors.length).toBeGreaterThan(0);
    // Fast: settled before any I/O could happen (a command sent to the client would wait at least for its next
    // reconnection attempt, and fail with another message).
    const settled = await Promise.race([
      down.addTokens('team', 5).then(
        () => 'resolved',
        (error: unknown) => error,
      ),
      new Promise((resolve) => setImmediate(() => resolve('still pending'))),
    ]);
    expect(settled).toBeInstanceOf(Error);
    expect((settled as Error).message).toMatch(/Redis is unreachable: .*ECONNREFUSED/);
  });

  it('closes idempotently; a closed limiter rejects', async () => {
    const { a } = twoGateways();
    await a.take('team', { rpm: 1 });
    await a.close();
    await a.close();
    await expect(a.take('team', { rpm: 1 })).rejects.toThrow(/closed/);
    const never = new RedisKeyRateLimiter({ url: redis.url });
    await never.close();
  });
});

describe('createKeyRateLimiter', () => {
  it('builds the limiter `[auth] rate_limit_store` names', async () => {
    const memory = createKeyRateLimiter(parseGatewayConfig({}).auth);
    expect(memory).toBeInstanceOf(MemoryKeyRateLimiter);
    const keyPrefix = `gw:${randomUUID()}:`;
    const config = parseGatewayConfig({
      auth: { rate_limit_store: 'redis', redis_url: redis.url, redis_key_prefix: keyPrefix },
    });
    expect(config.auth.rate_limit_failure_mode).toBe('open');
    const shared = createKeyRateLimiter(config.auth, { now: () => START });
    try {
      expect(shared).toBeInstanceOf(RedisKeyRateLimiter);
      expect((shared as RedisKeyRateLimiter).keyOf('k', MINUTE)).toBe(`${keyPrefix}rl:k:${MINUTE}`);
      expect(await shared.take('k', { rpm: 1 })).toBeUndefined();
      expect(await shared.take('k', { rpm: 1 })).toBe(45_000);
    } finally {
      await shared.close();
      await memory.close();
    }
  });

  it.each([
    [{ rate_limit_store: 'redis' }, 'auth.redis_url', /required when rate_limit_store = "redis"/],
    [{ rate_limit_store: 'redis', redis_url: 'http://x' }, 'auth.redis_url', /redis:\/\//],
    [{ rate_limit_store: 'disk' }, 'auth.rate_limit_store', /memory|redis/],
    [{ rate_limit_failure_mode: 'maybe' }, 'auth.rate_limit_failure_mode', /open|closed/],
  ])('rejects %j at boot, naming the setting', (auth, path, message) => {
    let thrown: unknown;
    try {
      parseGatewayConfig({ auth });
    } catch (error) {
      thrown = error;
    }
    const issues = (thrown as { issues?: Array<{ path: string; message: string }> }).issues ?? [];
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});
