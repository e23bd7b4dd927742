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

/**
 * Content-safety verdicts an upstream attached to an exchange (a content filter's per-category results), passed on to
 * clients whose API has a place for them. The per-category objects are the upstream's own, unchanged.
 */
export interface ContentFilterResults {
  /** The verdict on each prompt of the request, by its index. */
  prompt?: Array<{ promptIndex: number; results: Record<string, unknown> }>;
  /** The verdict on the generated output (in streams: on the output so far). */
  output?: Record<string, unknown>;
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
  contentFilter?: ContentFilterResults;
  upstream?: { requestId?: string };
}
