import { describe, expect, it } from 'vitest';
import { computeBackoffDelay } from './compute-backoff-delay.js';
import { cumulativeSums, pickWeightedIndex } from './pick-weighted-index.js';
import { RetryBudget } from './retry-budget.js';
import { TargetHealth } from './target-health.js';

describe('RetryBudget', () => {
  it('allows the minimum retries per window plus the ratio of the requests, then refuses', () => {
    const budget = new RetryBudget({ ratio: 0.2, minRetries: 1, windowMs: 10_000 });
    for (let request = 0; request < 10; request++) budget.recordRequest(1_000);
    // 1 + 0.2 × 10 = 3 retries
    expect([1, 2, 3, 4].map(() => budget.tryRetry(1_500))).toEqual([true, true, true, false]);
  });

  it('forgets requests and retries once they leave the sliding window', () => {
    const budget = new RetryBudget({ ratio: 0, minRetries: 2, windowMs: 10_000 });
    expect(budget.tryRetry(0)).toBe(true);
    expect(budget.tryRetry(5_000)).toBe(true);
    expect(budget.tryRetry(9_999)).toBe(false);
    // The retry at 0 ms has left the window; the one at 5 s has not.
    expect(budget.tryRetry(10_500)).toBe(true);
    expect(budget.tryRetry(10_600)).toBe(false);
    expect(budget.tryRetry(16_000)).toBe(true);
  });

  it('refuses every retry with no minimum and no requests', () => {
    const budget = new RetryBudget({ ratio: 0.5, minRetries: 0, windowMs: 1_000 });
    expect(budget.tryRetry(0)).toBe(false);
    budget.recordRequest(0);
    budget.recordRequest(0);
    expect(budget.tryRetry(0)).toBe(true);
    expect(budget.tryRetry(0)).toBe(false);
  });
});

describe('TargetHealth', () => {
  it('ejects after the configured failures in a row and lets one probe through after the cool-down', () => {
    const health = new TargetHealth({ ejectAfterFailures: 3, cooldownMs: 1_000 });
    expect(health.recordFailure(0)).toBe(false);
    health.recordSuccess();
    expect(health.recordFailure(0)).toBe(false);
    expect(health.recordFailure(0)).toBe(false);
    expect(health.recordFailure(100)).toBe(true);
    expect(health.admit(500)).toBe(false);
    expect(health.isEjected(500)).toBe(true);
    // The cool-down is over: the first call probes, the others still skip it.
    expect(health.admit(1_100)).toBe(true);
    expect(health.admit(1_100)).toBe(false);
    // A failed probe ejects again at once.
    expect(health.recordFailure(1_200)).toBe(true);
    expect(health.admit(1_300)).toBe(false);
    expect(health.admit(2_300)).toBe(true);
    health.recordSuccess();
    expect(health.isEjected(2_300)).toBe(false);
    expect(health.admit(2_300)).toBe(true);
    expect(health.admit(2_300)).toBe(true);
  });

  it('frees the probe when the probing call ends without a verdict', () => {
    const health = new TargetHealth({ ejectAfterFailures: 1, cooldownMs: 10 });
    health.recordFailure(0);
    expect(health.admit(20)).toBe(true);
    health.release();
    expect(health.admit(20)).toBe(true);
  });

  it('never ejects when ejection is off', () => {
    const health = new TargetHealth({ ejectAfterFailures: 0, cooldownMs: 10 });
    for (let failure = 0; failure < 100; failure++) expect(health.recordFailure(0)).toBe(false);
    expect(health.admit(0)).toBe(true);
  });
});

describe('computeBackoffDelay', () => {
  const settings = { initialMs: 100, maxMs: 1_000 };

  it('waits a random time up to initial × 2^retry, capped at the maximum', () => {
    expect(computeBackoffDelay(0, settings, undefined, () => 0.999)).toBe(99);
    expect(computeBackoffDelay(2, settings, undefined, () => 0.5)).toBe(200);
    expect(computeBackoffDelay(10, settings, undefined, () => 0.5)).toBe(500);
    expect(computeBackoffDelay(3, settings, undefined, () => 0)).toBe(0);
  });

  it("takes the upstream's Retry-After as it is", () => {
    expect(computeBackoffDelay(0, settings, 1_500, () => 0.1)).toBe(1_500);
  });
});

describe('pickWeightedIndex', () => {
  it('maps the random point onto the cumulative weights', () => {
    const cumulative = cumulativeSums([1, 3]);
    expect(cumulative).toEqual([1, 4]);
    expect(pickWeightedIndex(cumulative, () => 0)).toBe(0);
    expect(pickWeightedIndex(cumulative, () => 0.24)).toBe(0);
    expect(pickWeightedIndex(cumulative, () => 0.25)).toBe(1);
    expect(pickWeightedIndex(cumulative, () => 0.9999)).toBe(1);
  });
});
