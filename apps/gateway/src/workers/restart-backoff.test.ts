import { describe, expect, it } from 'vitest';
import { RestartBackoff } from './restart-backoff.js';

describe('RestartBackoff', () => {
  it('doubles while a worker keeps dying soon after its start, up to the maximum', () => {
    const backoff = new RestartBackoff({ initialDelayMs: 100, maxDelayMs: 1000, healthyAfterMs: 5000 });
    expect([10, 10, 10, 10, 10, 10].map((uptime) => backoff.nextDelay(uptime))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('starts over after the worker ran healthily', () => {
    const backoff = new RestartBackoff({ initialDelayMs: 100, maxDelayMs: 1000, healthyAfterMs: 5000 });
    backoff.nextDelay(10);
    backoff.nextDelay(10);
    expect(backoff.nextDelay(5000)).toBe(100);
    expect(backoff.nextDelay(10)).toBe(200);
  });
});
