import type { ModelmuxError } from '../../errors/modelmux-error.js';
import type { ContentFilterResults, FinishReason, Usage } from './chat-result.js';
import type { Warning } from './warning.js';

/**
 * What a streaming chat call yields. Exactly one `response-start` comes first and exactly one terminal event
 * (`response-end` or `error`) comes last; every `*-delta` sits between its `*-start` and `*-end`.
 */
export type ChatEvent =
  | { type: 'response-start'; id?: string; modelId?: string; warnings: Warning[] }
  | { type: 'text-start'; blockId: string }
  | { type: 'text-delta'; blockId: string; delta: string }
  | { type: 'text-end'; blockId: string }
  | { type: 'reasoning-start'; blockId: string }
  | { type: 'reasoning-delta'; blockId: string; delta: string }
  | { type: 'reasoning-end'; blockId: string; signature?: string; redactedData?: string }
  | { type: 'tool-call-start'; callId: string; toolName: string }
  | { type: 'tool-call-delta'; callId: string; argumentsDelta: string }
  | { type: 'tool-call-end'; callId: string; arguments: string }
  | { type: 'usage-update'; usage: Usage }
  /** Content-filter verdicts as the upstream streamed them; an output verdict applies to the output so far. */
  | { type: 'content-filter'; results: ContentFilterResults }
  | {
      type: 'response-end';
      finishReason: FinishReason;
      usage: Usage;
      providerMetadata?: Record<string, unknown>;
    }
  | { type: 'error'; error: ModelmuxError };

export type ChatEventType = ChatEvent['type'];
