import type { Usage } from '@modelmux/core';

export interface BedrockUsage {
  inputTokens?: number | null;
  outputTokens?: number | null;
  totalTokens?: number | null;
  cacheReadInputTokens?: number | null;
  cacheWriteInputTokens?: number | null;
}

const count = (value: number | null | undefined) => (typeof value === 'number' ? value : undefined);

/**
 * Converse usage → canonical. `inputTokens` excludes cache reads and writes, so the prompt total adds them; unknown
 * counts stay undefined.
 */
export function convertBedrockUsage(usage: BedrockUsage | null | undefined): Usage {
  if (usage === null || usage === undefined) return {};
  const result: Usage = {};
  const input = count(usage.inputTokens);
  const cacheRead = count(usage.cacheReadInputTokens);
  const cacheWrite = count(usage.cacheWriteInputTokens);
  const output = count(usage.outputTokens);
  if (input !== undefined) result.inputTokens = input + (cacheRead ?? 0) + (cacheWrite ?? 0);
  if (cacheRead !== undefined) result.cachedInputTokens = cacheRead;
  if (cacheWrite !== undefined) result.cacheWriteInputTokens = cacheWrite;
  if (output !== undefined) result.outputTokens = output;
  if (result.inputTokens !== undefined && output !== undefined)
    result.totalTokens = result.inputTokens + output;
  return result;
}
