/** Token counts the emulator reports; `total_tokens` is their sum. */
export type EmulatorUsage = {
  prompt_tokens: number;
  completion_tokens: number;
  /** Sent as `usage.prompt_tokens_details.cached_tokens`. */
  cached_tokens?: number;
  /** Sent as `usage.completion_tokens_details.reasoning_tokens`. */
  reasoning_tokens?: number;
};

/**
 * How the emulator answers one chat completions or Responses API request (both take scenarios from one queue). On
 * `/v1/responses`, `text` and `tool-calls` produce a `response` object (or its event stream) as described by
 * `responsePlanOf`; the failure kinds fail the same way in that API's shapes.
 */
export type EmulatorScenario =
  | {
      kind: 'text';
      /** Default `'Hello from the modelmux emulator.'`. */
      text?: string;
      /** Streams only: split the text into this many content deltas. Default: one per word. */
      chunks?: number;
      /**
       * Sent before the content as `message.reasoning_content` / `delta.reasoning_content` (vLLM, DeepSeek); in the
       * Responses API as a `reasoning` output item with `reasoning_text` content (vLLM).
       */
      reasoning?: string;
      /** `null` sends no usage at all. Default: computed from word counts. */
      usage?: EmulatorUsage | null;
      /**
       * Default `'stop'`. In the Responses API, `'length'` and `'content_filter'` make the response `incomplete` with
       * `incomplete_details.reason` `max_output_tokens` and `content_filter`.
       */
      finishReason?: 'stop' | 'length' | 'content_filter';
      firstByteDelayMs?: number;
      /** Streams only: wait this long between frames (a slow, healthy stream). Default: all frames at once. */
      chunkDelayMs?: number;
    }
  | {
      /**
       * Answers with `finish_reason: 'tool_calls'`. In streams each call's arguments arrive in about three fragments;
       * the first fragment of a call carries `index`, `id`, `type`, `function.name` and `arguments: ''`. In the
       * Responses API: one `function_call` item per call (`call_id` = `id`), arguments streamed as
       * `response.function_call_arguments.delta` in about three fragments, then `.done`.
       */
      kind: 'tool-calls';
      calls: Array<{ name: string; arguments: string; id?: string }>;
      /** Optional content sent before the tool calls. */
      text?: string;
      usage?: EmulatorUsage | null;
      firstByteDelayMs?: number;
      /** Streams only: wait this long between frames. Default: all frames at once. */
      chunkDelayMs?: number;
    }
  | {
      kind: 'error';
      status: number;
      /** Default: an OpenAI error body matching the status. A string is sent as is (say, a proxy's HTML page). */
      body?: unknown;
      /** Default: `retry-after: 1` for 429, none otherwise. */
      headers?: Record<string, string>;
      firstByteDelayMs?: number;
    }
  | {
      /**
       * 200 with a broken body: cut JSON, or one valid chunk, a `data: {not json` frame and `[DONE]` in streams
       * (Responses streams: a valid `response.created` event, then a `data: {not json` frame).
       */
      kind: 'malformed-json';
    }
  | {
      /**
       * Streams: the role chunk and `afterChunks` content chunks, then the socket is destroyed (no `finish_reason`, no
       * `[DONE]`). Responses streams: `response.created`, `response.in_progress`, the message's `output_item.added`
       * and `content_part.added`, and `afterChunks` text deltas. Non-streams: half of the JSON body, then the socket
       * is destroyed.
       */
      kind: 'truncated-stream';
      /** Default 2. */
      afterChunks?: number;
    }
  | {
      /** Accepts the request and never answers, until the client or the emulator closes the connection. */
      kind: 'hang';
    };

/** The text of a `text` scenario that does not set one. */
export const DEFAULT_EMULATOR_TEXT = 'Hello from the modelmux emulator.';

/** The scenario the emulator answers with when nothing was queued or set as default. */
export const DEFAULT_EMULATOR_SCENARIO: EmulatorScenario = Object.freeze({ kind: 'text' });
