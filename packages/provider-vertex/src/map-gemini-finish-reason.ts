import type { FinishReason } from '@modelmux/core';

// WIRE-FORMATS §5.3 / §9. Every value that means "the output was withheld or cut by a filter" is a content filter;
// the brief's list plus the image variants and MODEL_ARMOR that the cheat sheet adds.
const CONTENT_FILTER_REASONS: ReadonlySet<string> = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
  'MODEL_ARMOR',
]);

/**
 * Gemini's `finishReason` → canonical, keeping the raw value. Gemini has no tool-call reason: a turn that made function
 * calls ends with `STOP`, so `hasFunctionCalls` turns that `STOP` into `tool-calls`. `MALFORMED_FUNCTION_CALL`,
 * `OTHER` and anything unknown are `other`.
 */
export function mapGeminiFinishReason(
  raw: string | null | undefined,
  hasFunctionCalls: boolean,
): FinishReason {
  if (raw === null || raw === undefined) return { unified: 'other' };
  if (raw === 'STOP') return { unified: hasFunctionCalls ? 'tool-calls' : 'stop', raw };
  if (raw === 'MAX_TOKENS') return { unified: 'length', raw };
  if (CONTENT_FILTER_REASONS.has(raw)) return { unified: 'content-filter', raw };
  return { unified: 'other', raw };
}
