import type { Usage } from '@modelmux/core';
import type { GeminiUsageMetadata } from './vertex-gemini-api-schemas.js';

function count(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Gemini `usageMetadata` → canonical usage (WIRE-FORMATS §5.3 and §9): input is `promptTokenCount` (cached tokens
 * included), output is `candidatesTokenCount + thoughtsTokenCount` (Gemini counts thoughts apart), reasoning is
 * `thoughtsTokenCount`. A count Gemini did not send stays undefined; output is known as soon as one of its two
 * terms is (proto3 JSON leaves out a zero term).
 */
export function convertGeminiUsage(usage: GeminiUsageMetadata | null | undefined): Usage {
  if (usage === null || usage === undefined) return {};
  const result: Usage = {};
  const inputTokens = count(usage.promptTokenCount);
  const candidatesTokens = count(usage.candidatesTokenCount);
  const thoughtsTokens = count(usage.thoughtsTokenCount);
  const cachedInputTokens = count(usage.cachedContentTokenCount);
  const totalTokens = count(usage.totalTokenCount);
  if (inputTokens !== undefined) result.inputTokens = inputTokens;
  if (candidatesTokens !== undefined || thoughtsTokens !== undefined)
    result.outputTokens = (candidatesTokens ?? 0) + (thoughtsTokens ?? 0);
  if (totalTokens !== undefined) result.totalTokens = totalTokens;
  if (cachedInputTokens !== undefined) result.cachedInputTokens = cachedInputTokens;
  if (thoughtsTokens !== undefined) result.reasoningTokens = thoughtsTokens;
  return result;
}
