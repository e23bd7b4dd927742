/** A content block of a Claude message the emulator sends. */
export type VertexAnthropicContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string };

/** The token counts of a Claude message. */
export interface VertexAnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

/** A complete Claude message, minus what the emulator fills in (`type`, `role`, `model`, and `id` if absent). */
export interface VertexAnthropicMessage {
  /** Default: a fresh `msg_vrtx_…` id per reply. */
  id?: string;
  content: VertexAnthropicContentBlock[];
  stop_reason: string;
  stop_sequence?: string | null;
  usage: VertexAnthropicUsage;
}

/** A Gemini `GenerateContentResponse`, minus what the emulator fills in (`responseId`, `createTime`). */
export interface VertexGeminiResponse {
  candidates: Array<{
    content: { role: 'model'; parts: unknown[] };
    finishReason?: string;
    safetyRatings?: unknown[];
  }>;
  usageMetadata?: Record<string, number>;
  promptFeedback?: unknown;
  /** Default: the model id of the request path. */
  modelVersion?: string;
}

/** How the emulator answers one Claude or Gemini request. */
export type VertexEmulatorScenario =
  | {
      /**
       * Claude (`:rawPredict` / `:streamRawPredict`): the message as JSON, or as the full SSE event sequence when the
       * request streams: `message_start`, `ping`, `content_block_start` / `content_block_delta`s /
       * `content_block_stop` per block, `message_delta` with cumulative usage, `message_stop`. Text goes out as one
       * `text_delta` per word, tool input as about three `input_json_delta` fragments, thinking as `thinking_delta`s
       * per word plus a `signature_delta` just before the block stops; `redacted_thinking` is sent whole in
       * `content_block_start`.
       */
      kind: 'anthropic-message';
      message: VertexAnthropicMessage;
      firstByteDelayMs?: number;
      /** Streams only: wait this long between events. Default: all events at once. */
      chunkDelayMs?: number;
    }
  | {
      /**
       * Claude streams: the first `afterEvents` (default 3) events of a short text reply, then
       * `event: error` with `{type: 'error', error}`. Non-stream requests get the error as an HTTP reply with the
       * status Anthropic uses for `error.type` (529 for `overloaded_error`).
       */
      kind: 'anthropic-stream-error';
      afterEvents?: number;
      error: { type: string; message: string };
    }
  | {
      /**
       * Gemini (`:generateContent` / `:streamGenerateContent`): the response as JSON, or as SSE chunks. Text parts are
       * split per word across chunks (a `thoughtSignature` stays on the last piece), other parts go out whole, one per
       * chunk; `finishReason` and the candidate's other fields come on its last chunk, `usageMetadata` on the last
       * chunk of the stream, `promptFeedback` on the first.
       */
      kind: 'gemini-response';
      response: VertexGeminiResponse;
      firstByteDelayMs?: number;
      /** Streams only: wait this long between chunks. Default: all chunks at once. */
      chunkDelayMs?: number;
    }
  | {
      /** Any request, embeddings included. */
      kind: 'error';
      status: number;
      /**
       * Default: Google's shape `{error: {code, message, status}}` for the status. Pass an Anthropic-shaped body to
       * test that shape; a string is sent as is.
       */
      body?: unknown;
      /** Default: `retry-after: 2` for 429, none otherwise. */
      headers?: Record<string, string>;
    }
  | {
      /**
       * Streams: the first `afterEvents` events (Claude, default 4: `message_start`, `ping`, `content_block_start` and
       * one `text_delta`) or chunks (Gemini, default 2) of a short text reply, then the socket is destroyed: no
       * `message_stop`, no `finishReason`. Non-stream requests (embeddings included): half of the JSON body, then the
       * socket is destroyed.
       */
      kind: 'truncated-stream';
      afterEvents?: number;
    }
  | {
      /** Accepts the request and never answers, until the client or the emulator closes the connection. */
      kind: 'hang';
    };

/** The text of the emulator's default Claude and Gemini replies. */
export const DEFAULT_VERTEX_TEXT = 'Hello from the Vertex emulator.';
