import type { FinishReason } from '@modelmux/core';

const UNIFIED: Readonly<Record<string, FinishReason['unified']>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  guardrail_intervened: 'content-filter',
  content_filtered: 'content-filter',
};

/** Converse `stopReason` → canonical, keeping the raw value (`malformed_*` and unknown values are `other`). */
export function mapBedrockStopReason(raw: string | null | undefined): FinishReason {
  if (raw === null || raw === undefined) return { unified: 'other' };
  return { unified: UNIFIED[raw] ?? 'other', raw };
}
