import { createJsonErrorResponseHandler, type JsonErrorDetails } from '@modelmux/core/http';
import {
  type OpenAICompatibleErrorBody,
  type OpenAICompatibleUpstreamError,
  openAICompatibleErrorSchema,
} from './openai-compatible-api-schemas.js';

/** Reads message, code and param out of any of the error shapes OpenAI-compatible servers send. */
export function describeOpenAICompatibleError(body: OpenAICompatibleErrorBody): JsonErrorDetails {
  let error: OpenAICompatibleUpstreamError;
  if (!('error' in body)) error = body;
  else if (typeof body.error === 'string') return { message: body.error };
  else error = body.error;
  const details: JsonErrorDetails = { message: error.message ?? 'Upstream error' };
  const code = error.code ?? error.type;
  if (code !== null && code !== undefined) details.upstreamCode = String(code);
  if (typeof error.param === 'string') details.upstreamParam = error.param;
  const inner = error.innererror ?? error.inner_error;
  const verdicts = inner?.content_filter_result ?? inner?.content_filter_results;
  if (verdicts !== null && verdicts !== undefined) {
    // Azure's content-filter refusal: the verdicts are on the prompt (the only thing judged before generating).
    details.contentFilter = { results: { prompt: [{ promptIndex: 0, results: verdicts }] } };
    if (typeof inner?.code === 'string') details.contentFilter.code = inner.code;
  }
  return details;
}

/**
 * Maps an HTTP error response from an OpenAI-compatible server to an `UpstreamError`, removing the instance's own
 * secrets from anything the server echoed. Built once per provider instance.
 */
export function createOpenAICompatibleFailedResponseHandler(
  options: { redact?: (text: string) => string } = {},
) {
  return createJsonErrorResponseHandler({
    errorSchema: openAICompatibleErrorSchema,
    describe: describeOpenAICompatibleError,
    redact: options.redact,
  });
}
