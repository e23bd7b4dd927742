/** The body of an OpenAI error reply (schema `ErrorResponse`). */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** Builds an OpenAI error body; `param` and `code` are required by the schema, so they default to null. */
export function openAiError(
  message: string,
  type: string,
  param: string | null = null,
  code: string | null = null,
): OpenAiErrorBody {
  return { error: { message, type, param, code } };
}

/** The error body OpenAI sends for a status, used when an `error` scenario does not give one. */
export function defaultOpenAiError(status: number): OpenAiErrorBody {
  switch (status) {
    case 400:
      return openAiError('Invalid request (emulated).', 'invalid_request_error');
    case 401:
      return openAiError(
        'Incorrect API key provided (emulated).',
        'invalid_request_error',
        null,
        'invalid_api_key',
      );
    case 403:
      return openAiError('You are not allowed to use this model (emulated).', 'permission_error');
    case 404:
      return openAiError(
        'The model does not exist or you do not have access to it (emulated).',
        'invalid_request_error',
        null,
        'model_not_found',
      );
    case 408:
      return openAiError('Request timed out (emulated).', 'timeout_error');
    case 409:
      return openAiError('Conflicting request (emulated).', 'invalid_request_error');
    case 422:
      return openAiError('Unprocessable request (emulated).', 'invalid_request_error');
    case 429:
      return openAiError(
        'Rate limit reached for requests (emulated).',
        'rate_limit_error',
        null,
        'rate_limit_exceeded',
      );
    case 503:
      return openAiError(
        'The server is overloaded, please try again later (emulated).',
        'service_unavailable_error',
      );
    default:
      return status >= 500
        ? openAiError('The server had an error while processing your request (emulated).', 'server_error')
        : openAiError(`Request failed with status ${status} (emulated).`, 'invalid_request_error');
  }
}
