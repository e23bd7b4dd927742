import type { Usage } from '@modelmux/core';
import type { OpenAICompatibleUsage } from './openai-compatible-api-schemas.js';

function count(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** OpenAI usage → canonical. A count the upstream did not send stays undefined. */
export function convertOpenAICompatibleUsage(usage: OpenAICompatibleUsage): Usage {
  if (usage === null || usage === undefined) return {};
  const result: Usage = {};
  const inputTokens = count(usage.prompt_tokens);
  const outputTokens = count(usage.completion_tokens);
  const totalTokens = count(usage.total_tokens);
  const cachedInputTokens = count(usage.prompt_tokens_details?.cached_tokens);
  const reasoningTokens = count(usage.completion_tokens_details?.reasoning_tokens);
  if (inputTokens !== undefined) result.inputTokens = inputTokens;
  if (outputTokens !== undefined) result.outputTokens = outputTokens;
  if (totalTokens !== undefined) result.totalTokens = totalTokens;
  else if (inputTokens !== undefined && outputTokens !== undefined)
    result.totalTokens = inputTokens + outputTokens;
  if (cachedInputTokens !== undefined) result.cachedInputTokens = cachedInputTokens;
  if (reasoningTokens !== undefined) result.reasoningTokens = reasoningTokens;
  return result;
}
