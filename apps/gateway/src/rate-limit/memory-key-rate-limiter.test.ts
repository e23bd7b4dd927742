import { describe, expect, it } from 'vitest';
import { MemoryKeyRateLimiter } from './memory-key-rate-limiter.js';

describe('MemoryKeyRateLimiter', () => {
  it('allows rpm requests per minute, then says how long to wait until the next minute', () => {
    const clock = { now: 120_000 + 15_000 };
    const limiter = new MemoryKeyRateLimiter(() => clock.now);
    expect(limiter.take('a', { rpm: 2 })).toBeUndefined();
    expect(limiter.take('a', { rpm: 2 })).toBeUndefined();
    expect(limiter.take('a', { rpm: 2 })).toBe(45_000);
    expect(limiter.take('b', { rpm: 2 })).toBeUndefined();
    clock.now = 180_000;
    expect(limiter.take('a', { rpm: 2 })).toBeUndefined();
  });

  it('refuses a key over its tokens per minute from its next request, until the window ends', () => {
    const clock = { now: 0 };
    const limiter = new MemoryKeyRateLimiter(() => clock.now);
    expect(limiter.take('a', { tpm: 100 })).toBeUndefined();
    limiter.addTokens('a', 99);
    expect(limiter.take('a', { tpm: 100 })).toBeUndefined();
    limiter.addTokens('a', 5);
    clock.now = 59_000;
    expect(limiter.take('a', { tpm: 100 })).toBe(1_000);
    clock.now = 60_000;
    expect(limiter.take('a', { tpm: 100 })).toBeUndefined();
  });
});
