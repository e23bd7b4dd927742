import { isAbortError, ModelmuxError } from '@modelmux/core';

/**
 * Any error a route can throw → a `ModelmuxError` (or undefined for the client's own abort). Fastify's own
 * request errors (bad JSON, body too large, wrong content type) keep their 4xx status.
 */
export function toModelmuxError(error: unknown): ModelmuxError | undefined {
  if (ModelmuxError.isInstance(error)) return error;
  if (isAbortError(error)) return undefined;
  const statusCode = (error as { statusCode?: unknown }).statusCode;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new ModelmuxError({
      code: 'MMX_REQUEST_INVALID',
      message: message || 'Invalid request.',
      httpStatus: statusCode,
      cause: error,
    });
  }
  return new ModelmuxError({ code: 'MMX_INTERNAL', message: 'Internal gateway error.', cause: error });
}
