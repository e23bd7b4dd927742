import { encodeChatCompletionsError } from '@modelmux/api-chat-completions';
import type { EmbedConverter } from '@modelmux/core';
import {
  DEFAULT_MAX_EMBEDDING_INPUTS,
  decodeEmbeddingsRequest,
  type EmbeddingsEncodeOptions,
} from './decode-embeddings-request.js';
import { encodeEmbeddingsResult } from './encode-embeddings-result.js';

/** Options of the Embeddings converter. */
export interface EmbeddingsConverterOptions {
  /** Most inputs one request may carry (default 2048, OpenAI's limit); more is a 400. */
  maxInputs?: number;
}

/**
 * The Embeddings converter: wire ↔ canonical, with no I/O. Errors use OpenAI's error shape, which all of its APIs
 * share (the Chat Completions encoder's).
 */
export function createEmbeddingsConverter(options: EmbeddingsConverterOptions = {}): EmbedConverter {
  const decodeOptions = { maxInputs: options.maxInputs ?? DEFAULT_MAX_EMBEDDING_INPUTS };
  return {
    decodeRequest: (body) => decodeEmbeddingsRequest(body, decodeOptions),
    encodeResult: (result, meta, decoded) =>
      encodeEmbeddingsResult(result, meta, decoded.encodeOptions as unknown as EmbeddingsEncodeOptions),
    encodeError: encodeChatCompletionsError,
  };
}
