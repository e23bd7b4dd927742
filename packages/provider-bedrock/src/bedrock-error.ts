import { UpstreamError, type UpstreamErrorCode } from '@modelmux/core';
import {
  createJsonErrorResponseHandler,
  type JsonErrorDetails,
  type ResponseHandler,
  type UpstreamResponse,
} from '@modelmux/core/http';
import { z } from 'zod';
import type { BedrockStreamFrame } from './decode-bedrock-event-stream.js';

/** Bedrock's error body: `message` (sometimes `Message`), and on some paths the type in `__type`. */
export const bedrockErrorSchema = z.object({
  message: z.string().nullish(),
  Message: z.string().nullish(),
  __type: z.string().nullish(),
});

export type BedrockErrorBody = z.infer<typeof bedrockErrorSchema>;

/**
 * Bedrock's exception names → modelmux codes, whatever the HTTP status says (WIRE-FORMATS §7.6). Exceptions not
 * listed keep the status-derived code.
 * - `ModelTimeoutException` (408) is the model taking too long, reported as an HTTP answer: `MMX_UPSTREAM_SERVER`
 *   (retryable), which is also what core maps 408 to. `MMX_UPSTREAM_TIMEOUT` belongs to `UpstreamTransportError`
 *   (no answer at all), which `UpstreamError` cannot carry; the exception name stays in `upstreamCode`.
 * - `ServiceQuotaExceededException` (400 on InvokeModel) is a quota, not a malformed request: rate limited.
 */
const BEDROCK_EXCEPTION_CODES: Readonly<Record<string, UpstreamErrorCode>> = {
  ThrottlingException: 'MMX_UPSTREAM_RATE_LIMITED',
  ServiceQuotaExceededException: 'MMX_UPSTREAM_RATE_LIMITED',
  ValidationException: 'MMX_UPSTREAM_BAD_REQUEST',
  ResourceNotFoundException: 'MMX_UPSTREAM_BAD_REQUEST',
  AccessDeniedException: 'MMX_UPSTREAM_AUTH',
  UnrecognizedClientException: 'MMX_UPSTREAM_AUTH',
  InvalidSignatureException: 'MMX_UPSTREAM_AUTH',
  IncompleteSignatureException: 'MMX_UPSTREAM_AUTH',
  MissingAuthenticationTokenException: 'MMX_UPSTREAM_AUTH',
  ExpiredTokenException: 'MMX_UPSTREAM_AUTH',
  ServiceUnavailableException: 'MMX_UPSTREAM_OVERLOADED',
  ModelNotReadyException: 'MMX_UPSTREAM_OVERLOADED',
  ModelTimeoutException: 'MMX_UPSTREAM_SERVER',
  InternalServerException: 'MMX_UPSTREAM_SERVER',
  ModelErrorException: 'MMX_UPSTREAM_SERVER',
  ModelStreamErrorException: 'MMX_UPSTREAM_SERVER',
};

/** The HTTP status each exception has in the Bedrock Runtime model, for exceptions that arrive inside a stream. */
const BEDROCK_EXCEPTION_STATUS: Readonly<Record<string, number>> = {
  ThrottlingException: 429,
  ServiceQuotaExceededException: 400,
  ValidationException: 400,
  ResourceNotFoundException: 404,
  AccessDeniedException: 403,
  ServiceUnavailableException: 503,
  ModelNotReadyException: 429,
  ModelTimeoutException: 408,
  InternalServerException: 500,
  ModelErrorException: 424,
  ModelStreamErrorException: 424,
};

/**
 * The bare exception name: `ThrottlingException:http://internal.amazon.com/coral/…` and
 * `com.amazon.coral.service#ThrottlingException` both give `ThrottlingException`; stream exception types
 * (`throttlingException`) are capitalised to match.
 */
export function normalizeBedrockExceptionType(raw: string): string {
  let type = raw.trim();
  const colon = type.indexOf(':');
  if (colon !== -1) type = type.slice(0, colon);
  const hash = type.lastIndexOf('#');
  if (hash !== -1) type = type.slice(hash + 1);
  return type.charAt(0).toUpperCase() + type.slice(1);
}

/** The modelmux code Bedrock's exception `type` stands for, or undefined to let the HTTP status decide. */
export function mapBedrockExceptionType(type: string): UpstreamErrorCode | undefined {
  return BEDROCK_EXCEPTION_CODES[normalizeBedrockExceptionType(type)];
}

function readErrorTypeHeader(headers: UpstreamResponse['headers']): string | undefined {
  const value = headers['x-amzn-errortype'];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? undefined : normalizeBedrockExceptionType(text);
}

/** Message, exception name and code of a parsed Bedrock error body and its `x-amzn-errortype` header. */
export function describeBedrockError(body: BedrockErrorBody, response: UpstreamResponse): JsonErrorDetails {
  const type =
    readErrorTypeHeader(response.headers) ??
    (body.__type ? normalizeBedrockExceptionType(body.__type) : undefined);
  const details: JsonErrorDetails = {
    message: body.message ?? body.Message ?? (type === undefined ? 'Bedrock error' : `Bedrock ${type}`),
  };
  if (type !== undefined) {
    details.upstreamCode = type;
    const code = mapBedrockExceptionType(type);
    if (code !== undefined) details.code = code;
  }
  return details;
}

/**
 * Maps an HTTP error from Bedrock Runtime to an `UpstreamError`; built once per instance with its redactor. The
 * exception name comes from `x-amzn-errortype` or the body's `__type` and decides the code whatever the status
 * (a `ThrottlingException` is rate limiting even when it comes as a 400); `retry-after` and `x-amzn-requestid` are
 * kept. A body that is not JSON still gets its code from the header.
 */
export function createBedrockFailedResponseHandler(
  options: { redact?: (text: string) => string; now?: () => number } = {},
): ResponseHandler<UpstreamError> {
  const handleJson = createJsonErrorResponseHandler({
    errorSchema: bedrockErrorSchema,
    describe: describeBedrockError,
    redact: options.redact,
    now: options.now,
  });
  return async (response) => {
    const error = await handleJson(response);
    if (error.upstreamCode !== undefined) return error;
    const type = readErrorTypeHeader(response.headers);
    if (type === undefined) return error;
    return new UpstreamError({
      statusCode: error.statusCode,
      message: error.message,
      code: mapBedrockExceptionType(type),
      url: response.url,
      upstreamRequestId: error.upstreamRequestId,
      retryAfterMs: error.retryAfterMs,
      responseBody: error.responseBody,
      upstreamCode: type,
    });
  };
}

/**
 * An exception frame that arrived inside a ConverseStream / InvokeModelWithResponseStream body → the error to end
 * the stream with (WIRE-FORMATS §7.5): `throttlingException` → rate limited (retryable), `validationException` → bad
 * request, `serviceUnavailableException` → overloaded, `modelStreamErrorException` / `internalServerException` and
 * anything unknown → server error. `statusCode` is the exception's status in the Bedrock model (the stream itself
 * was a 200); `modelStreamErrorException`'s `originalStatusCode` / `originalMessage` go into the message.
 */
export function mapBedrockStreamException(
  frame: Extract<BedrockStreamFrame, { kind: 'exception' }>,
  context: {
    url?: string;
    providerId?: string;
    modelId?: string;
    upstreamRequestId?: string;
    /** Removes the instance's own secrets from what the model echoed. */
    redact?: (text: string) => string;
  } = {},
): UpstreamError {
  const redact = context.redact ?? ((text: string) => text);
  const type = normalizeBedrockExceptionType(frame.exceptionType);
  const code = mapBedrockExceptionType(type) ?? 'MMX_UPSTREAM_SERVER';
  const payload = (typeof frame.payload === 'object' && frame.payload !== null ? frame.payload : {}) as {
    originalStatusCode?: unknown;
    originalMessage?: unknown;
  };
  let message = frame.message === '' ? `Bedrock ${type} in the stream` : frame.message;
  if (typeof payload.originalStatusCode === 'number' || typeof payload.originalMessage === 'string') {
    const original = [payload.originalStatusCode, payload.originalMessage].filter(
      (part) => part !== undefined && part !== '',
    );
    message = `${message} (model said: ${original.join(' ')})`;
  }
  return new UpstreamError({
    statusCode: BEDROCK_EXCEPTION_STATUS[type] ?? 500,
    message: redact(message),
    code,
    url: context.url,
    upstreamRequestId: context.upstreamRequestId,
    responseBody: frame.payload === undefined ? undefined : redact(JSON.stringify(frame.payload)),
    upstreamCode: type,
    providerId: context.providerId,
    modelId: context.modelId,
  });
}
