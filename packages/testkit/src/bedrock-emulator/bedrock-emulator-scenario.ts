import type { EmulatorScenario } from '../openai-compatible-emulator/emulator-scenario.js';

/** A content block of the assistant message the emulator sends (Bedrock's `ContentBlock` union, single key). */
export type BedrockContentBlock =
  | { text: string }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | {
      reasoningContent:
        | { reasoningText: { text: string; signature?: string } }
        /** Base64, as Bedrock sends the blob in JSON. */
        | { redactedContent: string };
    };

/** The token counts of a reply; the emulator adds `totalTokens` (the sum of all four). */
export interface BedrockUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

/** The modelled exceptions Bedrock can send inside a ConverseStream (`:exception-type`). */
export type BedrockStreamExceptionType =
  | 'throttlingException'
  | 'validationException'
  | 'modelStreamErrorException'
  | 'serviceUnavailableException'
  | 'internalServerException';

/**
 * How the emulator answers one Converse, ConverseStream or InvokeModel request, or (`openai`) one request to the
 * OpenAI-compatible paths.
 */
export type BedrockEmulatorScenario =
  | {
      /**
       * Converse: `{output: {message: {role: 'assistant', content}}, stopReason, usage (with totalTokens), metrics}`.
       * ConverseStream: binary event-stream frames `messageStart`, then per block an optional `contentBlockStart`
       * (toolUse only), `contentBlockDelta`s (text one per word, toolUse input as about three JSON string fragments,
       * reasoning text one per word then a `signature` delta, redacted reasoning whole) and `contentBlockStop`, then
       * `messageStop {stopReason}` and `metadata {usage, metrics}`. Default usage: words of the prompt and of the
       * reply.
       */
      kind: 'converse';
      output: { content: BedrockContentBlock[] };
      stopReason: string;
      usage?: BedrockUsage;
      firstByteDelayMs?: number;
      /** Streams only: wait this long between frames. Default: all frames at once. */
      chunkDelayMs?: number;
    }
  | {
      /**
       * ConverseStream: the first `afterEvents` (default 3) frames of a short text reply, then an exception frame
       * (`:message-type: exception`, `:exception-type`, body `{message}`). Converse gets the matching HTTP error
       * (e.g. 429 `ThrottlingException`).
       */
      kind: 'stream-exception';
      afterEvents?: number;
      exceptionType: BedrockStreamExceptionType;
      message: string;
    }
  | {
      /**
       * Any request: `{message}` with `x-amzn-errortype: <errorType>:http://internal.amazon.com/coral/com.amazon.bedrock/`
       * and `x-amzn-requestid`. `errorType` defaults to Bedrock's exception for the status (429
       * `ThrottlingException`, 400 `ValidationException`, …).
       */
      kind: 'error';
      status: number;
      errorType?: string;
      message: string;
      /** Extra reply headers; they override the emulator's. */
      headers?: Record<string, string>;
    }
  | {
      /**
       * ConverseStream: the first `afterEvents` (default 3) frames of a short text reply, then the socket is
       * destroyed (no `messageStop`, no `metadata`); with `midFrame`, also the first half of the next frame. Converse
       * and InvokeModel: half of the JSON body, then the socket is destroyed.
       */
      kind: 'truncated-stream';
      afterEvents?: number;
      midFrame?: boolean;
    }
  | {
      /**
       * ConverseStream: the first `afterEvents` (default 2) frames of a short text reply, then the next frame with a
       * wrong message CRC, then the end of the reply. Not for Converse (answered with a 500 naming the misuse).
       */
      kind: 'corrupt-crc';
      afterEvents?: number;
    }
  | {
      /** Accepts the request and never answers, until the client or the emulator closes the connection. */
      kind: 'hang';
    }
  | {
      /**
       * Only for the OpenAI-compatible paths (`POST /openai/v1/chat/completions`, Mantle's `POST
       * /v1/chat/completions`), which take no other kind: the OpenAI-compatible emulator's answer to `scenario`
       * (`text`, `tool-calls`, `error`, `malformed-json`, `truncated-stream`, `hang`), streamed as `data:` chunks
       * and `data: [DONE]` when the request has `stream: true`.
       */
      kind: 'openai';
      scenario: EmulatorScenario;
    };

/** The text of the emulator's default reply (Converse, and the OpenAI-compatible paths). */
export const DEFAULT_BEDROCK_TEXT = 'Hello from the Bedrock emulator.';
