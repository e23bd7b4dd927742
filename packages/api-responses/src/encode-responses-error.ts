import { encodeChatCompletionsError } from '@modelmux/api-chat-completions';
import type { EncodedError, ModelmuxError } from '@modelmux/core';

/** Any modelmux error → OpenAI's error shape (shared by all of its APIs), its status and headers. */
export function encodeResponsesError(error: ModelmuxError): EncodedError {
  return encodeChatCompletionsError(error);
}

/** The `error` object of OpenAI's error shape, for a stream's `error` event. */
export function encodeResponsesErrorBody(error: ModelmuxError): {
  code: string;
  message: string;
  param: string | null;
} {
  const body = (
    encodeChatCompletionsError(error).body as {
      error: { code: string; message: string; param: string | null };
    }
  ).error;
  return { code: body.code, message: body.message, param: body.param };
}
