import type { BackoffSettings } from './compute-backoff-delay.js';
import type { RetryBudget } from './retry-budget.js';
import type { TargetHealth } from './target-health.js';

/** One upstream model a call may go to, with the state the policy keeps for it across calls. */
export interface PolicyTarget<Model> {
  /** `instance:model`. */
  readonly reference: string;
  readonly model: Model;
  readonly health: TargetHealth;
  readonly budget: RetryBudget;
}

/** The per-call part of the policy, gateway-wide or an alias's own. */
export interface CallSettings {
  readonly maxRetries: number;
  readonly backoff: BackoffSettings;
  readonly maxRetryAfterMs: number;
  readonly firstByteTimeoutMs: number;
  readonly idleTimeoutMs: number;
}

/** What a model reference resolves to for the call policy: its targets in order, their weights and the settings. */
export interface CallPlan<Model> {
  /** The alias or `instance:model` the client asked for. */
  readonly reference: string;
  readonly targets: ReadonlyArray<PolicyTarget<Model>>;
  /** Cumulative weights, one per target, when the alias spreads its calls. */
  readonly cumulativeWeights?: readonly number[];
  readonly settings: CallSettings;
}
