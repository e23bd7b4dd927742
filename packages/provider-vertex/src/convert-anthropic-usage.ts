import type { Usage } from '@modelmux/core';
import type { AnthropicUsage } from './vertex-anthropic-api-schemas.js';

const count = (value: number | null | undefined) => (typeof value === 'number' ? value : undefined);

/**
 * Anthropic usage → canonical. Anthropic's `input_tokens` excludes cached tokens, so the prompt total is input +
 * cache read + cache creation; cached reads are reported as cached input. Unknown counts stay undefined.
 */
export function convertAnthropicUsage(usage: AnthropicUsage | null | undefined): Usage {
  if (usage === null || usage === undefined) return {};
  const result: Usage = {};
  const input = count(usage.input_tokens);
  const cacheRead = count(usage.cache_read_input_tokens);
  const cacheWrite = count(usage.cache_creation_input_tokens);
  const output = count(usage.output_tokens);
  if (input !== undefined) result.inputTokens = input + (cacheRead ?? 0) + (cacheWrite ?? 0);
  if (cacheRead !== undefined) result.cachedInputTokens = cacheRead;
  if (cacheWrite !== undefined) result.cacheWriteInputTokens = cacheWrite;
  if (output !== undefined) result.outputTokens = output;
  if (result.inputTokens !== undefined && output !== undefined)
    result.totalTokens = result.inputTokens + output;
  const thinking = count(usage.output_tokens_details?.thinking_tokens);
  if (thinking !== undefined) result.reasoningTokens = thinking;
  return result;
}
