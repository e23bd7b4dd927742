import { randomUUID } from 'node:crypto';

/** The body of an Entra ID error reply (OAuth 2.0's `error` and `error_description`, plus Entra's extras). */
export interface EntraErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

/**
 * Builds an Entra error: `description` is prefixed with `AADSTS<code>: ` and followed by the trace id, correlation
 * id and timestamp, as Entra does.
 */
export function entraError(
  authorityOrigin: string,
  error: string,
  code: number,
  description: string,
  correlationId: string = randomUUID(),
): EntraErrorBody {
  const traceId = randomUUID();
  const timestamp = `${new Date().toISOString().slice(0, 19).replace('T', ' ')}Z`;
  return {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${authorityOrigin}/error?code=${code}`,
  };
}

/** Entra's 400 for a tenant it does not know. */
export function tenantNotFoundError(
  authorityOrigin: string,
  tenant: string,
  correlationId?: string,
): EntraErrorBody {
  return entraError(
    authorityOrigin,
    'invalid_tenant',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    correlationId,
  );
}
