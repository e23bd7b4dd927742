import { countWords } from './count-words.js';
import type { EmulatorUsage } from './emulator-scenario.js';
import type { ResponsePlan } from './response-plan.js';

/** A `response`'s `usage` (schema `ResponseUsage`, whose detail objects are required). */
export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

function toResponseUsage(usage: EmulatorUsage): ResponseUsage {
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: usage.cached_tokens ?? 0, cache_write_tokens: 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: usage.reasoning_tokens ?? 0 },
    total_tokens: usage.prompt_tokens + usage.completion_tokens,
  };
}

/**
 * The usage of a planned response: the plan's own (`prompt_tokens` → `input_tokens`, `completion_tokens` →
 * `output_tokens`, `cached_tokens` and `reasoning_tokens` into the details, 0 when unset), none for `null`, or else
 * word counts: `inputTokens` in, and the words of the reasoning, the text and each call (plus 1) out.
 */
export function responseUsage(plan: ResponsePlan, inputTokens: number): ResponseUsage | undefined {
  if (plan.usage === null) return undefined;
  if (plan.usage !== undefined) return toResponseUsage(plan.usage);
  const reasoningTokens = plan.reasoning === undefined ? undefined : countWords(plan.reasoning);
  let outputTokens = (reasoningTokens ?? 0) + countWords(plan.text ?? '');
  for (const call of plan.calls) outputTokens += 1 + countWords(call.arguments);
  return toResponseUsage({
    prompt_tokens: inputTokens,
    completion_tokens: Math.max(1, outputTokens),
    reasoning_tokens: reasoningTokens,
  });
}
