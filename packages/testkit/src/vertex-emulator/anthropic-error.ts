/** The body of an error from the Anthropic model service behind Vertex. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id?: string;
}

const STATUS_BY_TYPE: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** Builds an Anthropic error body; `requestId` goes into `request_id` as Anthropic's API does. */
export function anthropicError(type: string, message: string, requestId?: string): AnthropicErrorBody {
  const body: AnthropicErrorBody = { type: 'error', error: { type, message } };
  if (requestId !== undefined) body.request_id = requestId;
  return body;
}

/** The HTTP status Anthropic uses for an error type; 500 for unknown types. */
export function anthropicErrorStatus(type: string): number {
  return Object.hasOwn(STATUS_BY_TYPE, type) ? STATUS_BY_TYPE[type]! : 500;
}
