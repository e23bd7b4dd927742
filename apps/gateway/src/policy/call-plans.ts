import type { ChatModel, EmbeddingModel, PassthroughApi, PassthroughModel, Registry } from '@modelmux/core';
import type { CallSettingsOverride, RoutingConfig } from '../config/routing-config-schema.js';
import type { CallPlan, CallSettings, PolicyTarget } from './call-plan.js';
import { cumulativeSums } from './pick-weighted-index.js';
import { RetryBudget } from './retry-budget.js';
import { TargetHealth } from './target-health.js';

const PLAN_CACHE_LIMIT = 1024;

/** The call plans of every model reference, built on first use and kept (aliases are few; direct references capped). */
export interface CallPlans {
  chat(reference: string): CallPlan<ChatModel>;
  embedding(reference: string): CallPlan<EmbeddingModel>;
  /** A plan over the first target's pass-through model, or undefined when that target translates `api` instead. */
  passthrough(reference: string, api: PassthroughApi): CallPlan<PassthroughModel> | undefined;
}

function callSettingsOf(routing: RoutingConfig, override: CallSettingsOverride = {}): CallSettings {
  const merged = { ...routing, ...override };
  return {
    maxRetries: merged.max_retries,
    backoff: { initialMs: merged.backoff_initial_ms, maxMs: merged.backoff_max_ms },
    maxRetryAfterMs: merged.max_retry_after_ms,
    firstByteTimeoutMs: merged.first_byte_timeout_ms,
    idleTimeoutMs: merged.idle_timeout_ms,
  };
}

export function createCallPlans(
  registry: Registry,
  routing: RoutingConfig,
  aliases: Readonly<Record<string, { routing?: CallSettingsOverride }>>,
): CallPlans {
  const defaults = callSettingsOf(routing);
  const targetState = new Map<string, Pick<PolicyTarget<unknown>, 'health' | 'budget'>>();
  const stateOf = (reference: string) => {
    let state = targetState.get(reference);
    if (state === undefined) {
      state = {
        health: new TargetHealth({
          ejectAfterFailures: routing.eject_after_failures,
          cooldownMs: routing.eject_cooldown_ms,
        }),
        budget: new RetryBudget({
          ratio: routing.retry_budget_ratio,
          minRetries: routing.retry_budget_min_retries,
          windowMs: routing.retry_budget_window_ms,
        }),
      };
      targetState.set(reference, state);
    }
    return state;
  };

  function planOf<Model>(reference: string, models: readonly Model[]): CallPlan<Model> {
    const resolved = registry.resolve(reference);
    const override = resolved.alias === undefined ? undefined : aliases[resolved.alias]?.routing;
    const targets = resolved.targets.map((target, index) => ({
      reference: target.reference,
      model: models[index] as Model,
      ...stateOf(target.reference),
    }));
    return {
      reference,
      targets,
      ...(resolved.weights === undefined ? {} : { cumulativeWeights: cumulativeSums(resolved.weights) }),
      settings: override === undefined ? defaults : callSettingsOf(routing, override),
    };
  }

  function cached<Plan>(cache: Map<string, Plan>, key: string, build: () => Plan): Plan {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const plan = build();
    if (cache.size >= PLAN_CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, plan);
    return plan;
  }

  const chatPlans = new Map<string, CallPlan<ChatModel>>();
  const embeddingPlans = new Map<string, CallPlan<EmbeddingModel>>();
  const passthroughPlans = new Map<string, CallPlan<PassthroughModel> | null>();
  return {
    chat: (reference) =>
      cached(chatPlans, reference, () => planOf(reference, registry.chatModels(reference))),
    embedding: (reference) =>
      cached(embeddingPlans, reference, () => planOf(reference, registry.embeddingModels(reference))),
    passthrough(reference, api) {
      const plan = cached(passthroughPlans, `${api}:${reference}`, () => {
        const model = registry.findPassthroughModel(reference, api);
        if (model === undefined) return null;
        const resolved = registry.resolve(reference);
        const target = resolved.targets[0]?.reference ?? `${model.providerId}:${model.modelId}`;
        const override = resolved.alias === undefined ? undefined : aliases[resolved.alias]?.routing;
        return {
          reference,
          targets: [{ reference: target, model, ...stateOf(target) }],
          settings: override === undefined ? defaults : callSettingsOf(routing, override),
        };
      });
      return plan ?? undefined;
    },
  };
}
