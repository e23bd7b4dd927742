import { InvalidRequestError, UpstreamError, UpstreamTransportError } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import type { CallPlan, CallSettings, PolicyTarget } from './call-plan.js';
import { ClientWatch } from './client-watch.js';
import { cumulativeSums } from './pick-weighted-index.js';
import { RetryBudget } from './retry-budget.js';
import { type PolicyRuntime, runCallPolicy } from './run-call-policy.js';
import { TargetHealth } from './target-health.js';

interface FakeModel {
  providerId: string;
  modelId: string;
}

const SETTINGS: CallSettings = {
  maxRetries: 2,
  backoff: { initialMs: 100, maxMs: 1_000 },
  maxRetryAfterMs: 5_000,
  firstByteTimeoutMs: 60_000,
  idleTimeoutMs: 60_000,
};

function target(reference: string, options: { ejectAfter?: number; minRetries?: number } = {}) {
  const [providerId = '', modelId = ''] = reference.split(':');
  return {
    reference,
    model: { providerId, modelId },
    health: new TargetHealth({ ejectAfterFailures: options.ejectAfter ?? 0, cooldownMs: 1_000 }),
    budget: new RetryBudget({ ratio: 0, minRetries: options.minRetries ?? 100, windowMs: 10_000 }),
  } satisfies PolicyTarget<FakeModel>;
}

function plan(
  targets: Array<PolicyTarget<FakeModel>>,
  settings: Partial<CallSettings> = {},
  weights?: number[],
): CallPlan<FakeModel> {
  return {
    reference: 'alias',
    targets,
    settings: { ...SETTINGS, ...settings },
    ...(weights === undefined ? {} : { cumulativeWeights: cumulativeSums(weights) }),
  };
}

function runtime(options: { random?: number } = {}) {
  const log: string[] = [];
  const slept: number[] = [];
  let now = 0;
  const value: PolicyRuntime & { log: string[]; slept: number[]; advance(ms: number): void } = {
    now: () => now,
    random: () => options.random ?? 0.5,
    async sleep(ms) {
      slept.push(ms);
      now += ms;
    },
    events: {
      retried: (from, code) => log.push(`retry ${from} ${code}`),
      fellBack: (model, from, code) => log.push(`fallback ${model} ${from} ${code}`),
      ejected: (reference) => log.push(`eject ${reference}`),
    },
    log,
    slept,
    advance: (ms) => {
      now += ms;
    },
  };
  return value;
}

const overloaded = () => new UpstreamError({ statusCode: 503, message: 'busy' });

/** An attempt function answering from a script per target: an error to throw or a value to return. */
function scripted(script: Record<string, Array<Error | string>>) {
  const calls: string[] = [];
  const attempt = async (candidate: PolicyTarget<FakeModel>) => {
    calls.push(candidate.reference);
    const next = script[candidate.reference]?.shift() ?? 'ok';
    if (next instanceof Error) throw next;
    return `${candidate.reference} ${next}`;
  };
  return { calls, attempt };
}

const never = new ClientWatch();

describe('runCallPolicy', () => {
  it('retries a retryable error on the same target with backoff, then succeeds', async () => {
    const clock = runtime();
    const { calls, attempt } = scripted({ 'a:m': [overloaded(), overloaded()] });
    const record: { target?: string; attempts?: number } = {};
    const outcome = await runCallPolicy(plan([target('a:m'), target('b:m')]), never, clock, record, attempt);
    outcome.scope.dispose();
    expect(outcome.value).toBe('a:m ok');
    expect(calls).toEqual(['a:m', 'a:m', 'a:m']);
    expect(record).toEqual({ target: 'a:m', attempts: 3 });
    // Full jitter with random 0.5: half of 100, then half of 200.
    expect(clock.slept).toEqual([50, 100]);
    expect(clock.log).toEqual(['retry a:m MMX_UPSTREAM_OVERLOADED', 'retry a:m MMX_UPSTREAM_OVERLOADED']);
  });

  it('falls back to the next target once the retries are used up', async () => {
    const clock = runtime();
    const { calls, attempt } = scripted({ 'a:m': [overloaded(), overloaded(), overloaded()] });
    const record: { target?: string; attempts?: number } = {};
    const outcome = await runCallPolicy(plan([target('a:m'), target('b:m')]), never, clock, record, attempt);
    expect(outcome.value).toBe('b:m ok');
    expect(calls).toEqual(['a:m', 'a:m', 'a:m', 'b:m']);
    expect(record).toEqual({ target: 'b:m', attempts: 4 });
    expect(clock.log.at(-1)).toBe('fallback alias a:m MMX_UPSTREAM_OVERLOADED');
  });

  it('does not retry or fall back on an error of the request itself', async () => {
    const { calls, attempt } = scripted({
      'a:m': [new UpstreamError({ statusCode: 400, message: 'bad' })],
    });
    const error = await runCallPolicy(
      plan([target('a:m'), target('b:m')]),
      never,
      runtime(),
      {},
      attempt,
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'MMX_UPSTREAM_BAD_REQUEST' });
    expect(calls).toEqual(['a:m']);
    const invalid = scripted({ 'a:m': [new InvalidRequestError({ message: 'no' })] });
    await expect(
      runCallPolicy(plan([target('a:m'), target('b:m')]), never, runtime(), {}, invalid.attempt),
    ).rejects.toMatchObject({ code: 'MMX_REQUEST_INVALID' });
    expect(invalid.calls).toEqual(['a:m']);
  });

  it('falls back without retrying on an upstream auth failure', async () => {
    const { calls, attempt } = scripted({ 'a:m': [new UpstreamError({ statusCode: 401, message: 'who' })] });
    const outcome = await runCallPolicy(plan([target('a:m'), target('b:m')]), never, runtime(), {}, attempt);
    expect(outcome.value).toBe('b:m ok');
    expect(calls).toEqual(['a:m', 'b:m']);
  });

  it("waits the upstream's Retry-After, and falls back at once when it asks for longer than allowed", async () => {
    const clock = runtime();
    const limited = (retryAfterMs: number) =>
      new UpstreamError({ statusCode: 429, message: 'slow down', retryAfterMs });
    const { calls, attempt } = scripted({ 'a:m': [limited(1_200), limited(60_000)] });
    const outcome = await runCallPolicy(plan([target('a:m'), target('b:m')]), never, clock, {}, attempt);
    expect(outcome.value).toBe('b:m ok');
    expect(calls).toEqual(['a:m', 'a:m', 'b:m']);
    expect(clock.slept).toEqual([1_200]);
  });

  it('stops retrying a target whose retry budget is spent', async () => {
    const clock = runtime();
    const stingy = target('a:m', { minRetries: 1 });
    const { calls, attempt } = scripted({ 'a:m': [overloaded(), overloaded(), overloaded()] });
    const error = await runCallPolicy(plan([stingy]), never, clock, {}, attempt).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'MMX_UPSTREAM_OVERLOADED' });
    expect(calls).toEqual(['a:m', 'a:m']);
  });

  it('throws the last error when every target fails', async () => {
    const { attempt } = scripted({
      'a:m': [overloaded()],
      'b:m': [new UpstreamTransportError({ code: 'MMX_UPSTREAM_UNREACHABLE', message: 'gone' })],
    });
    await expect(
      runCallPolicy(plan([target('a:m'), target('b:m')], { maxRetries: 0 }), never, runtime(), {}, attempt),
    ).rejects.toMatchObject({ code: 'MMX_UPSTREAM_UNREACHABLE' });
  });

  it('skips an ejected target while another can take the call, and probes it after the cool-down', async () => {
    const clock = runtime();
    const flaky = target('a:m', { ejectAfter: 2 });
    const steady = target('b:m');
    const targets = plan([flaky, steady], { maxRetries: 0 });
    const { calls, attempt } = scripted({ 'a:m': [overloaded(), overloaded()] });
    await runCallPolicy(targets, never, clock, {}, attempt);
    await runCallPolicy(targets, never, clock, {}, attempt);
    expect(clock.log).toContain('eject a:m');
    calls.length = 0;
    await runCallPolicy(targets, never, clock, {}, attempt);
    expect(calls).toEqual(['b:m']);
    clock.advance(1_000);
    const probe = await runCallPolicy(targets, never, clock, {}, attempt);
    expect(probe.value).toBe('a:m ok');
    expect(flaky.health.isEjected(clock.now())).toBe(false);
  });

  it('still tries ejected targets when no other is left', async () => {
    const only = target('a:m', { ejectAfter: 1 });
    const { calls, attempt } = scripted({ 'a:m': [overloaded()] });
    const targets = plan([only], { maxRetries: 0 });
    await expect(runCallPolicy(targets, never, runtime(), {}, attempt)).rejects.toMatchObject({
      code: 'MMX_UPSTREAM_OVERLOADED',
    });
    expect(only.health.isEjected(0)).toBe(true);
    const outcome = await runCallPolicy(targets, never, runtime(), {}, attempt);
    expect(outcome.value).toBe('a:m ok');
    expect(calls).toEqual(['a:m', 'a:m']);
  });

  it('starts with the weighted pick and falls back through the others in order', async () => {
    const { calls, attempt } = scripted({ 'c:m': [overloaded()] });
    const targets = plan([target('a:m'), target('b:m'), target('c:m')], { maxRetries: 0 }, [1, 1, 8]);
    const outcome = await runCallPolicy(targets, never, runtime({ random: 0.9 }), {}, attempt);
    expect(calls).toEqual(['c:m', 'a:m']);
    expect(outcome.value).toBe('a:m ok');
  });

  it('stops at once when the client goes away, during an attempt or a backoff', async () => {
    const client = new ClientWatch();
    const clock = runtime();
    clock.sleep = async () => {
      client.leave();
      throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    };
    const { calls, attempt } = scripted({ 'a:m': [overloaded()] });
    await expect(
      runCallPolicy(plan([target('a:m'), target('b:m')]), client, clock, {}, attempt),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toEqual(['a:m']);

    const gone = new ClientWatch();
    let seen: AbortSignal | undefined;
    const hanging = runCallPolicy(plan([target('a:m'), target('b:m')]), gone, runtime(), {}, (_t, scope) => {
      seen = scope.signal;
      return new Promise((_resolve, reject) =>
        scope.signal.addEventListener('abort', () => reject(new Error('upstream aborted'))),
      );
    });
    gone.leave();
    await expect(hanging).rejects.toThrow('upstream aborted');
    expect(seen?.aborted).toBe(true);
  });

  it('aborts the attempt in progress, not an earlier one, when the client leaves after retries and a fallback', async () => {
    const client = new ClientWatch();
    const signals: Array<[string, AbortSignal]> = [];
    const pending = runCallPolicy(
      plan([target('a:m'), target('b:m')], { maxRetries: 1 }),
      client,
      runtime(),
      {},
      (candidate, scope) => {
        signals.push([candidate.reference, scope.signal]);
        // a:m fails twice (an attempt and its retry); b:m hangs until its signal fires.
        if (candidate.reference === 'a:m') return Promise.reject(overloaded());
        return new Promise((_resolve, reject) =>
          scope.signal.addEventListener('abort', () => reject(scope.signal.reason)),
        );
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(signals.map(([reference]) => reference)).toEqual(['a:m', 'a:m', 'b:m']);
    expect(signals.some(([, signal]) => signal.aborted)).toBe(false);
    client.leave();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(signals.map(([, signal]) => signal.aborted)).toEqual([false, false, true]);
  });

  it('turns an attempt that passes its first-byte timeout into a retryable timeout', async () => {
    let attempts = 0;
    const outcome = await runCallPolicy(
      plan([target('a:m')], { firstByteTimeoutMs: 20 }),
      never,
      runtime(),
      {},
      (_target, scope) => {
        attempts += 1;
        if (attempts > 1) return Promise.resolve('second');
        return new Promise((_resolve, reject) =>
          scope.signal.addEventListener('abort', () => reject(new Error('aborted'))),
        );
      },
    );
    expect(outcome.value).toBe('second');
    expect(attempts).toBe(2);
    const timedOut = await runCallPolicy(
      plan([target('a:m')], { firstByteTimeoutMs: 20, maxRetries: 0 }),
      never,
      runtime(),
      {},
      (_target, scope) =>
        new Promise((_resolve, reject) =>
          scope.signal.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
    ).catch((caught: unknown) => caught);
    expect(timedOut).toMatchObject({
      code: 'MMX_UPSTREAM_TIMEOUT',
      message: expect.stringContaining('20 ms'),
    });
  });
});
