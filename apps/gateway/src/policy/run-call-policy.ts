import { type ErrorCode, isRetryableCode, ModelmuxError, UpstreamError } from '@modelmux/core';
import { AttemptScope } from './attempt-scope.js';
import type { CallPlan, PolicyTarget } from './call-plan.js';
import type { ClientWatch } from './client-watch.js';
import { computeBackoffDelay } from './compute-backoff-delay.js';
import { pickWeightedIndex } from './pick-weighted-index.js';

/** What the policy reports, for metrics. */
export interface PolicyEvents {
  retried(target: string, code: ErrorCode): void;
  fellBack(model: string, from: string, code: ErrorCode): void;
  ejected(target: string): void;
}

/** The clock, randomness and waiting the policy uses (injected, so tests control them). */
export interface PolicyRuntime {
  now(): number;
  random(): number;
  /** Waits `ms`; rejects with an abort error when `signal` fires. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  events: PolicyEvents;
}

/** Where the policy records which target it is on and how many attempts it made (the access-log record). */
export interface AttemptRecord {
  target?: string;
  attempts?: number;
}

/** Told of each attempt as it starts; the function it returns is called when the attempt ends (with its failure). */
export type AttemptObserver<Model> = (
  target: PolicyTarget<Model>,
  attempt: number,
) => (failure?: unknown) => void;

export interface PolicyOutcome<Model, Value> {
  value: Value;
  target: PolicyTarget<Model>;
  /** The successful attempt's scope; the caller disposes it once the reply is over. */
  scope: AttemptScope;
}

/** Model calls that may go to another target: the upstream failed or cannot be used, not the request. */
function mayTryAnotherTarget(code: ErrorCode): boolean {
  return isRetryableCode(code) || code === 'MMX_UPSTREAM_AUTH' || code === 'MMX_UPSTREAM_INVALID_RESPONSE';
}

/**
 * Runs one model call under the call policy: the first target by weight (or in order), retries on the same target
 * for retryable errors with jittered exponential backoff or the upstream's Retry-After, within the target's retry
 * budget, then the next targets in order; ejected targets are skipped while another target can take the call. Each
 * attempt has its own timeouts; the client going away stops everything at once. `attempt` resolves once the client
 * can be answered (for a stream: on its first event) — nothing after that is retried.
 */
export async function runCallPolicy<Model extends { providerId: string; modelId: string }, Value>(
  plan: CallPlan<Model>,
  client: ClientWatch,
  runtime: PolicyRuntime,
  record: AttemptRecord,
  attempt: (target: PolicyTarget<Model>, scope: AttemptScope) => Promise<Value>,
  observe?: AttemptObserver<Model>,
): Promise<PolicyOutcome<Model, Value>> {
  const { targets, cumulativeWeights, settings } = plan;
  const first = cumulativeWeights === undefined ? 0 : pickWeightedIndex(cumulativeWeights, runtime.random);
  let attempts = 0;
  let lastError: unknown;
  let previous: PolicyTarget<Model> | undefined;

  const tryTarget = async (target: PolicyTarget<Model>): Promise<PolicyOutcome<Model, Value> | undefined> => {
    if (previous !== undefined && lastError !== undefined) {
      runtime.events.fellBack(plan.reference, previous.reference, (lastError as ModelmuxError).code);
    }
    previous = target;
    target.budget.recordRequest(runtime.now());
    for (let retry = 0; ; retry++) {
      attempts += 1;
      record.target = target.reference;
      record.attempts = attempts;
      const scope = new AttemptScope(client, target.model, settings.firstByteTimeoutMs);
      const ended = observe?.(target, attempts);
      try {
        const value = await attempt(target, scope);
        ended?.();
        target.health.recordSuccess();
        return { value, target, scope };
      } catch (error) {
        scope.dispose();
        ended?.(scope.timeoutError ?? error);
        if (client.aborted) {
          target.health.release();
          throw error;
        }
        const failure = scope.timeoutError ?? error;
        if (!ModelmuxError.isInstance(failure) || !mayTryAnotherTarget(failure.code)) {
          target.health.release();
          throw failure;
        }
        lastError = failure;
        if (target.health.recordFailure(runtime.now())) runtime.events.ejected(target.reference);
        if (!isRetryableCode(failure.code) || retry >= settings.maxRetries) return undefined;
        const retryAfterMs = UpstreamError.isInstance(failure) ? failure.retryAfterMs : undefined;
        if (retryAfterMs !== undefined && retryAfterMs > settings.maxRetryAfterMs) return undefined;
        if (!target.budget.tryRetry(runtime.now())) return undefined;
        runtime.events.retried(target.reference, failure.code);
        await runtime.sleep(
          computeBackoffDelay(retry, settings.backoff, retryAfterMs, runtime.random),
          client.signal,
        );
      }
    }
  };

  // The weighted pick first, then the others in configured order; ejected targets only when no other took the call.
  let skipped: Array<PolicyTarget<Model>> | undefined;
  for (let step = -1; step < targets.length; step++) {
    if (step === first) continue;
    const target = targets[step === -1 ? first : step]!;
    if (!target.health.admit(runtime.now())) {
      skipped ??= [];
      skipped.push(target);
      continue;
    }
    const outcome = await tryTarget(target);
    if (outcome !== undefined) return outcome;
  }
  if (attempts === 0 && skipped !== undefined) {
    for (const target of skipped) {
      const outcome = await tryTarget(target);
      if (outcome !== undefined) return outcome;
    }
  }
  throw lastError;
}
