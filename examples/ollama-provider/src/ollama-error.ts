import { type ModelmuxError, UpstreamError } from '@modelmux/core';
import { createJsonErrorResponseHandler, type ResponseHandler } from '@modelmux/core/http';
import { ollamaErrorSchema } from './ollama-api-schemas.js';

/**
 * Maps an HTTP error from Ollama (`{"error": "…"}` with the status) to an `UpstreamError`: the status decides the
 * code (404 for an unknown model is a bad request, 429 is rate-limited, 5xx a server error), and the instance's own
 * secrets are removed from anything echoed.
 */
export function createOllamaFailedResponseHandler(
  options: { redact?: (text: string) => string } = {},
): ResponseHandler<ModelmuxError> {
  return createJsonErrorResponseHandler({
    errorSchema: ollamaErrorSchema,
    describe: (body) => ({ message: body.error }),
    redact: options.redact,
  });
}

/** A `{"error": "…"}` line after an NDJSON stream began (the HTTP status was already 200). */
export function createOllamaStreamError(
  message: string,
  context: { url: string; providerId: string; modelId: string },
): UpstreamError {
  return new UpstreamError({
    statusCode: 500,
    code: 'MMX_UPSTREAM_SERVER',
    message,
    url: context.url,
    providerId: context.providerId,
    modelId: context.modelId,
  });
}
