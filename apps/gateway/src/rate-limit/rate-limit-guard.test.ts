import { StoreError } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import type { KeyRateLimiter } from './key-rate-limiter.js';
import { MemoryKeyRateLimiter } from './memory-key-rate-limiter.js';
import { createRateLimitGuard, type RateLimitOperation } from './rate-limit-guard.js';

/** A limiter whose store is down: every operation rejects like the Redis one does. */
function downLimiter(): KeyRateLimiter & { closed: number } {
  const outage = () => new StoreError({ message: 'Redis rate limiter (redis://10.0.0.9:6379/): cannot …' });
  return {
    closed: 0,
    take: async () => {
      throw outage();
    },
    addTokens: async () => {
      throw outage();
    },
    async close() {
      this.closed++;
    },
  };
}

function guardOver(limiter: KeyRateLimiter, failureMode: 'open' | 'closed') {
  const failures: Array<{ error: unknown; operation: RateLimitOperation }> = [];
  const guard = createRateLimitGuard({
    limiter,
    failureMode,
    onFailure: (error, operation) => failures.push({ error, operation }),
  });
  return { guard, failures };
}

describe('createRateLimitGuard', () => {
  it('passes the limiter’s answers through while its store works', async () => {
    const { guard, failures } = guardOver(new MemoryKeyRateLimiter(() => 30_000), 'closed');
    expect(await guard.check('k', { rpm: 1 })).toBeUndefined();
    expect(await guard.check('k', { rpm: 1 })).toBe(30_000);
    guard.countTokens('k', 10);
    expect(await guard.check('t', { tpm: 5 })).toBeUndefined();
    expect(failures).toEqual([]);
  });

  it('fails open: a request is let through and the failure reported', async () => {
    const limiter = downLimiter();
    const { guard, failures } = guardOver(limiter, 'open');
    expect(await guard.check('k', { rpm: 1 })).toBeUndefined();
    expect(failures).toEqual([{ error: expect.any(StoreError), operation: 'check' }]);
    await guard.close();
    expect(limiter.closed).toBe(1);
  });

  it('fails closed: a 503 StoreError with a message that names no server, the cause kept for the logs', async () => {
    const { guard, failures } = guardOver(downLimiter(), 'closed');
    const error = await guard.check('k', { rpm: 1 }).catch((thrown: unknown) => thrown);
    expect(StoreError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'MMX_STORE_UNAVAILABLE', httpStatus: 503 });
    expect((error as Error).message).not.toContain('10.0.0.9');
    expect((error as Error).cause).toBe(failures[0]?.error);
  });

  it('never throws at a finished reply when tokens cannot be counted, only reports it', async () => {
    const { guard, failures } = guardOver(downLimiter(), 'closed');
    expect(() => guard.countTokens('k', 12)).not.toThrow();
    guard.countTokens('k', 0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures.map((failure) => failure.operation)).toEqual(['count-tokens']);
    const throwing = createRateLimitGuard({
      limiter: {
        take: () => {
          throw new Error('sync failure');
        },
        addTokens: () => {
          throw new Error('sync failure');
        },
        close: async () => undefined,
      },
      failureMode: 'open',
      onFailure: () => {
        throw new Error('a broken reporter');
      },
    });
    expect(() => throwing.countTokens('k', 1)).not.toThrow();
    expect(await throwing.check('k', { rpm: 1 })).toBeUndefined();
  });
});
