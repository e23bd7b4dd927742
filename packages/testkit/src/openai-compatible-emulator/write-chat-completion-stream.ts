import type { EmulatorExchange } from '../shared/emulator-exchange.js';
import { type ChatCompletionEnvelope, ChunkFrames, DONE_FRAME } from './chat-completion-envelope.js';
import type { PreparedCompletion } from './prepare-completion.js';

/** Options of one streamed reply. */
export interface StreamOptions {
  /** `stream_options.include_usage` of the request. */
  includeUsage: boolean;
  /** The resolved usage (`null`: none); sent in a `choices: []` chunk when `includeUsage` is set. */
  usageJson: string | null;
}

/** Serializes each frame of a `chat.completion.chunk` stream, `data: [DONE]` included. */
export function chatCompletionStreamFrames(
  prepared: PreparedCompletion,
  envelope: ChatCompletionEnvelope,
  options: StreamOptions,
): string[] {
  const frames = new ChunkFrames(envelope, options.includeUsage);
  const payload = prepared.chunkChoicesJson.map((choicesJson) => frames.chunk(choicesJson));
  if (options.includeUsage && options.usageJson !== null) payload.push(frames.usage(options.usageJson));
  payload.push(DONE_FRAME);
  return payload;
}

/** Serializes a whole `chat.completion.chunk` stream, `data: [DONE]` included. */
export function chatCompletionStreamPayload(
  prepared: PreparedCompletion,
  envelope: ChatCompletionEnvelope,
  options: StreamOptions,
): string {
  return chatCompletionStreamFrames(prepared, envelope, options).join('');
}

/**
 * Answers with a server-sent event stream of the prepared completion: written at once, or one frame every
 * `chunkDelayMs` milliseconds until done or until the client goes away.
 */
export function writeChatCompletionStream(
  exchange: EmulatorExchange,
  prepared: PreparedCompletion,
  envelope: ChatCompletionEnvelope,
  options: StreamOptions & { chunkDelayMs?: number },
): void {
  if (options.chunkDelayMs === undefined || options.chunkDelayMs <= 0) {
    exchange.sendEventStream(chatCompletionStreamPayload(prepared, envelope, options));
    return;
  }
  exchange.sendEventStream(chatCompletionStreamFrames(prepared, envelope, options), options.chunkDelayMs);
}
