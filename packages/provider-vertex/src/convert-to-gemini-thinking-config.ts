import type { ReasoningEffort, Warning } from '@modelmux/core';

/**
 * Thinking budgets (tokens) for each reasoning effort. Every value lies inside the range of all Gemini 2.5 models
 * (Pro 128-32768, Flash 0-24576, Flash-Lite 512-24576), so none is rejected; `max` is each model's ceiling.
 *
 * | effort  | thinkingBudget                    |
 * |---------|-----------------------------------|
 * | none    | 0 (thinking off)                  |
 * | minimal | 512                               |
 * | low     | 2048                              |
 * | medium  | 8192                              |
 * | high    | 16384                             |
 * | xhigh   | 24576                             |
 * | max     | 32768 on Pro models, else 24576   |
 */
export const GEMINI_THINKING_BUDGETS: Readonly<Record<Exclude<ReasoningEffort, 'none' | 'max'>, number>> = {
  minimal: 512,
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 24576,
};

const PRO_MAXIMUM_THINKING_BUDGET = 32_768;
const MAXIMUM_THINKING_BUDGET = 24_576;

function isProModel(modelId: string): boolean {
  return modelId.includes('-pro');
}

// Pro models (and the Gemini 3 family) always think: a budget of 0 may be rejected.
function isAlwaysThinking(modelId: string): boolean {
  return isProModel(modelId) || modelId.startsWith('gemini-3');
}

/**
 * `reasoningEffort` (or the `thinking_budget` provider option, which wins) → `generationConfig.thinkingConfig`.
 * Thoughts are asked for (`includeThoughts: true`) whenever reasoning is; undefined leaves the model's default.
 */
export function convertToGeminiThinkingConfig(
  options: { modelId: string; reasoningEffort?: ReasoningEffort; thinkingBudget?: number },
  warnings: Warning[],
): Record<string, unknown> | undefined {
  const { modelId, reasoningEffort } = options;
  let budget = options.thinkingBudget;
  if (budget !== undefined && reasoningEffort !== undefined) {
    warnings.push({
      type: 'other',
      message: `reasoning_effort ${reasoningEffort} was not used: provider option thinking_budget sets the budget`,
    });
  }
  if (budget === undefined) {
    if (reasoningEffort === undefined) return undefined;
    budget =
      reasoningEffort === 'none'
        ? 0
        : reasoningEffort === 'max'
          ? isProModel(modelId)
            ? PRO_MAXIMUM_THINKING_BUDGET
            : MAXIMUM_THINKING_BUDGET
          : GEMINI_THINKING_BUDGETS[reasoningEffort];
  }
  if (budget !== 0) return { thinkingBudget: budget, includeThoughts: true };
  if (isAlwaysThinking(modelId)) {
    warnings.push({
      type: 'compatibility',
      feature: 'reasoning-effort',
      detail: `${modelId} may not allow turning thinking off; thinkingBudget 0 was sent and may be rejected`,
    });
  }
  return { thinkingBudget: 0 };
}
