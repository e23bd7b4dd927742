import type { FastifyRequest } from 'fastify';
import { redactRequestUrl } from './redact-request-url.js';
import { serializeErrorForLog } from './serialize-error-for-log.js';

/** Fastify's `req` serializer, with the URL's secret query parameters redacted (headers are never logged). */
function serializeRequestForLog(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: typeof request.url === 'string' ? redactRequestUrl(request.url) : undefined,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** The gateway logger's serializers: what an `err` or a `req` may show. */
export const LOG_SERIALIZERS = {
  err: serializeErrorForLog,
  req: serializeRequestForLog,
};
