import type { BedrockExchange } from './bedrock-exchange.js';

/** The namespace Bedrock appends to `x-amzn-errortype` for its own exceptions. */
export const BEDROCK_ERROR_NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.bedrock/';
/** The namespace of the errors AWS's front end raises before Bedrock sees the request (authentication). */
export const CORAL_SERVICE_ERROR_NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.coral.service/';

const ERROR_TYPES_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  408: 'ModelTimeoutException',
  424: 'ModelErrorException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
};

/** Bedrock's exception for an HTTP status (`ThrottlingException` for 429, …); `InternalServerException` if unknown. */
export function bedrockErrorType(status: number): string {
  return ERROR_TYPES_BY_STATUS[status] ?? (status < 500 ? 'ValidationException' : 'InternalServerException');
}

/** The `x-amzn-errortype` header value: `<Type>:<namespace>`. */
export function errorTypeHeader(errorType: string, namespace = BEDROCK_ERROR_NAMESPACE): string {
  return `${errorType}:${namespace}`;
}

/**
 * Sends Bedrock's JSON error: `{message}` with `x-amzn-errortype` (and the exchange's request id header, as every
 * reply).
 */
export function sendBedrockError(
  exchange: Pick<BedrockExchange, 'sendJson'>,
  status: number,
  errorType: string,
  message: string,
  options: { namespace?: string; headers?: Readonly<Record<string, string>> } = {},
): void {
  exchange.sendJson(
    status,
    { message },
    { 'x-amzn-errortype': errorTypeHeader(errorType, options.namespace), ...options.headers },
  );
}

/** Sends a 400 `ValidationException`. */
export function sendValidationError(exchange: BedrockExchange, message: string): false {
  sendBedrockError(exchange, 400, 'ValidationException', message);
  return false;
}
