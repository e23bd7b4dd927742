import type { ChatConverter } from '@modelmux/core';
import { decodeResponsesRequest } from './decode-responses-request.js';
import { encodeResponsesError } from './encode-responses-error.js';
import { encodeResponsesResult } from './encode-responses-result.js';
import { ResponsesStreamEncoder } from './encode-responses-stream.js';

/** The Responses converter: wire ↔ canonical, with no I/O. */
export const responsesConverter: ChatConverter = {
  decodeRequest: (body) => decodeResponsesRequest(body),
  encodeResult: (result, meta, decoded) => encodeResponsesResult(result, meta, decoded),
  createStreamEncoder: (meta, decoded) => new ResponsesStreamEncoder(meta, decoded),
  encodeError: encodeResponsesError,
};
