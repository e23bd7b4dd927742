export type { Authorizer, AuthorizerRequest } from './authorizer.js';
export { combineHeaders } from './combine-headers.js';
export { downloadImageUrls, type ImageDownloadOptions, isPrivateAddress } from './download-image-urls.js';
export { isAbsent, isNullishNumber, isNullishString, isRecord } from './fast-path-checks.js';
export { mapTransportError, toAbortError } from './map-transport-error.js';
export { parseSseBatches, parseSseStream, type SseEvent } from './parse-sse-stream.js';
export { type PostJsonOptions, type PostJsonResult, postJson } from './post-json.js';
export { createSecretRedactor, redactHeaders, redactText, redactUrl, SECRET_HEADERS } from './redact.js';
export {
  createJsonErrorResponseHandler,
  createJsonResponseHandler,
  createSseResponseHandler,
  type FastPath,
  type JsonErrorDetails,
  type ParseResult,
  rawResponseHandler,
  type SseParseResult,
  safeParseJson,
} from './response-handlers.js';
export { parseRetryAfterMs } from './retry-after.js';
export {
  type ResponseHandler,
  readUpstreamRequestId,
  type UpstreamBody,
  type UpstreamResponse,
} from './upstream-response.js';
