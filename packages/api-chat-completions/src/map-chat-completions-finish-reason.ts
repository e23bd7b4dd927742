import type { FinishReason } from '@modelmux/core';

const WIRE: Readonly<Record<FinishReason['unified'], string>> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
  // Chat Completions has no value for these; the call did end, so clients read it as a normal stop.
  error: 'stop',
  other: 'stop',
};

/** Canonical finish reason → Chat Completions `finish_reason`. */
export function mapChatCompletionsFinishReason(reason: FinishReason): string {
  return WIRE[reason.unified];
}
