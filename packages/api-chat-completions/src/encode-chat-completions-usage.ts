import type { Usage } from '@modelmux/core';

/**
 * Canonical usage → Chat Completions `usage`, or undefined when the upstream did not report both prompt and
 * completion tokens (the wire shape requires both; the gateway never invents a count).
 */
export function encodeChatCompletionsUsage(usage: Usage): Record<string, unknown> | undefined {
  if (usage.inputTokens === undefined || usage.outputTokens === undefined) return undefined;
  const encoded: Record<string, unknown> = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens ?? usage.inputTokens + usage.outputTokens,
  };
  if (usage.cachedInputTokens !== undefined)
    encoded.prompt_tokens_details = { cached_tokens: usage.cachedInputTokens };
  if (usage.reasoningTokens !== undefined) {
    encoded.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  }
  return encoded;
}
