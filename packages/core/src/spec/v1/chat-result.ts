import type { AssistantContentPart } from './chat-request.js';
import type { Warning } from './warning.js';

export type UnifiedFinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

export interface FinishReason {
  unified: UnifiedFinishReason;
  /** The upstream's own value, when it had one. */
  raw?: string;
}

/** Token counts. A count the upstream did not report stays `undefined`; it is never invented as 0. */
export interface Usage {
  /** All prompt tokens, cached ones included. */
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  /** Prompt tokens read from a cache (part of `inputTokens`). */
  cachedInputTokens?: number;
  /** Prompt tokens written to a cache (part of `inputTokens`). */
  cacheWriteInputTokens?: number;
  /** Reasoning tokens (part of `outputTokens`). */
  reasoningTokens?: number;
  raw?: Record<string, unknown>;
}

export interface ChatResult {
  /** Upstream response id, when it gave one. */
  id?: string;
  /** The model the upstream says served the request. */
  modelId?: string;
  content: AssistantContentPart[];
  finishReason: FinishReason;
  usage: Usage;
  warnings: Warning[];
  providerMetadata?: Record<string, unknown>;
  upstream?: { requestId?: string };
}
