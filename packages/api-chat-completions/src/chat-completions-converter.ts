import type { ChatConverter } from '@modelmux/core';
import {
  type ChatCompletionsEncodeOptions,
  decodeChatCompletionsRequest,
} from './decode-chat-completions-request.js';
import { encodeChatCompletionsError } from './encode-chat-completions-error.js';
import { encodeChatCompletionsResult } from './encode-chat-completions-result.js';
import { ChatCompletionsStreamEncoder } from './encode-chat-completions-stream.js';

/** The Chat Completions converter: wire ↔ canonical, with no I/O. */
export const chatCompletionsConverter: ChatConverter = {
  decodeRequest: (body) => decodeChatCompletionsRequest(body),
  encodeResult: (result, meta) => encodeChatCompletionsResult(result, meta),
  createStreamEncoder: (meta, decoded) =>
    new ChatCompletionsStreamEncoder(meta, decoded.encodeOptions as unknown as ChatCompletionsEncodeOptions),
  encodeError: encodeChatCompletionsError,
};
