import type { FinishReason } from '@modelmux/core';

const UNIFIED: Readonly<Record<string, FinishReason['unified']>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
  content_filter: 'content-filter',
};

/** OpenAI's `finish_reason` → canonical, keeping the raw value. Unknown values are `other`. */
export function mapOpenAICompatibleFinishReason(raw: string | null | undefined): FinishReason {
  if (raw === null || raw === undefined) return { unified: 'other' };
  return { unified: UNIFIED[raw] ?? 'other', raw };
}
