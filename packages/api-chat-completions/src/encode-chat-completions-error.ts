import type { EncodedError, ErrorCode, ModelmuxError, UpstreamContentFilter } from '@modelmux/core';

const TYPES: Partial<Record<ErrorCode, string>> = {
  MMX_GATEWAY_UNAUTHORIZED: 'invalid_request_error',
  MMX_GATEWAY_FORBIDDEN: 'invalid_request_error',
  MMX_GATEWAY_RATE_LIMITED: 'rate_limit_error',
  MMX_REQUEST_INVALID: 'invalid_request_error',
  MMX_REQUEST_PROVIDER_OPTIONS_INVALID: 'invalid_request_error',
  MMX_MODEL_NOT_FOUND: 'invalid_request_error',
  MMX_MODEL_KIND_UNSUPPORTED: 'invalid_request_error',
  MMX_FEATURE_UNSUPPORTED: 'invalid_request_error',
  MMX_UPSTREAM_BAD_REQUEST: 'invalid_request_error',
  MMX_UPSTREAM_RATE_LIMITED: 'rate_limit_error',
  MMX_UPSTREAM_OVERLOADED: 'service_unavailable_error',
  MMX_STORED_NOT_FOUND: 'invalid_request_error',
  MMX_STORE_UNAVAILABLE: 'service_unavailable_error',
};

const AUTH_MESSAGE =
  'The gateway could not authenticate with the upstream provider. The operator has been told; check the gateway logs.';

/** Any modelmux error → OpenAI's error shape `{error:{message,type,param,code}}`, its status and headers. */
export function encodeChatCompletionsError(error: ModelmuxError): EncodedError {
  const details = error as ModelmuxError & {
    param?: string;
    upstreamParam?: string;
    upstreamCode?: string;
    retryAfterMs?: number;
    contentFilter?: UpstreamContentFilter;
  };
  const headers: Record<string, string> = { 'x-modelmux-error-code': error.code };
  if (details.retryAfterMs !== undefined) {
    headers['retry-after'] = String(Math.ceil(details.retryAfterMs / 1000));
    headers['retry-after-ms'] = String(details.retryAfterMs);
  }
  let code: string = error.code;
  if (error.code === 'MMX_MODEL_NOT_FOUND') code = 'model_not_found';
  else if (error.code === 'MMX_GATEWAY_UNAUTHORIZED') code = 'invalid_api_key';
  else if (error.code === 'MMX_UPSTREAM_BAD_REQUEST' && details.upstreamCode !== undefined)
    code = details.upstreamCode;
  const body: Record<string, unknown> = {
    message: error.code === 'MMX_UPSTREAM_AUTH' ? AUTH_MESSAGE : error.message,
    type: TYPES[error.code] ?? 'server_error',
    param: details.param ?? details.upstreamParam ?? null,
    code,
  };
  const verdicts = details.contentFilter?.results.prompt?.[0]?.results;
  if (verdicts !== undefined) {
    // Azure OpenAI's live spelling of a content-filter refusal, which clients written against it read.
    const code = details.contentFilter?.code;
    body.innererror =
      code === undefined ? { content_filter_result: verdicts } : { code, content_filter_result: verdicts };
  }
  return { status: error.httpStatus, headers, body: { error: body } };
}
