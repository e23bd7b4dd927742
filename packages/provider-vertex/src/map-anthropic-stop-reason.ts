import type { FinishReason } from '@modelmux/core';

const UNIFIED: Readonly<Record<string, FinishReason['unified']>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
};

/** Anthropic `stop_reason` → canonical, keeping the raw value; others (e.g. `pause_turn`) are `other`. */
export function mapAnthropicStopReason(raw: string | null | undefined): FinishReason {
  if (raw === null || raw === undefined) return { unified: 'other' };
  return { unified: UNIFIED[raw] ?? 'other', raw };
}
