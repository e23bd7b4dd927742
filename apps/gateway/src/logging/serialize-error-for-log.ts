import { redactText, redactUrl } from '@modelmux/core/http';

const REDACTED = '[REDACTED]';

/** Property names whose text values are credentials: headers and settings alike. */
const SECRET_NAME =
  /(authorization|cookie|api[-_]?key|^key$|[-_]key$|secret|password|passwd|token$|^sig$|signature|credential|private[-_]?key)/i;

/** How deep causes and nested objects are followed. */
const MAX_DEPTH = 4;
/** Most entries of one array kept. */
const MAX_ITEMS = 10;

const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;

/** Text redacted; a URL also loses its user info and every secret query parameter `redactUrl` knows. */
function redactString(text: string): string {
  return redactText(ABSOLUTE_URL.test(text) ? redactUrl(text) : text);
}

/**
 * A log-safe copy of any value: text redacted (`redactText`: bearer tokens, key shapes, `key=value` pairs and query
 * parameters), text under secret-sounding names (`authorization`, `x-api-key`, `session_token`, …) replaced,
 * buffers summarised, functions dropped, depth and array lengths bounded, cycles cut.
 */
function sanitize(value: unknown, name: string, depth: number, seen: Set<object>): unknown {
  if (typeof value === 'string') return SECRET_NAME.test(name) ? REDACTED : redactString(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return value;
  if (typeof value === 'bigint') return String(value);
  if (typeof value !== 'object') return undefined;
  if (seen.has(value)) return '[Circular]';
  if (value instanceof Error) return serializeErrorAt(value, depth, seen);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (depth >= MAX_DEPTH) return '[Object]';
  seen.add(value);
  if (Array.isArray(value)) {
    return value.slice(0, MAX_ITEMS).map((item) => sanitize(item, name, depth + 1, seen));
  }
  if (value instanceof Map || value instanceof Set) return `[${value.constructor.name} of ${value.size}]`;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const clean = sanitize(item, key, depth + 1, seen);
    if (clean !== undefined) copy[key] = clean;
  }
  return copy;
}

/** What an error looks like in a log line (the shape Fastify's logger types ask of an `err` serializer). */
export interface LoggedError {
  type: string;
  message: string;
  stack: string;
  [property: string]: unknown;
}

function serializeErrorAt(error: Error, depth: number, seen: Set<object>): LoggedError {
  seen.add(error);
  const serialized: LoggedError = {
    type: error.constructor?.name ?? error.name,
    message: redactText(String(error.message ?? '')),
    stack: typeof error.stack === 'string' ? redactText(error.stack) : '',
  };
  for (const [key, value] of Object.entries(error)) {
    if (key === 'cause' || key === 'message' || key === 'stack') continue;
    const clean = depth >= MAX_DEPTH ? undefined : sanitize(value, key, depth + 1, seen);
    if (clean !== undefined) serialized[key] = clean;
  }
  if (error instanceof AggregateError && depth < MAX_DEPTH)
    serialized.errors = sanitize(error.errors, 'errors', depth + 1, seen);
  if (error.cause !== undefined && depth < MAX_DEPTH)
    serialized.cause = sanitize(error.cause, 'cause', depth + 1, seen);
  return serialized;
}

/**
 * The `err` serializer of the gateway's logger, instead of pino's: like it, the type, message, stack, own properties
 * and cause chain of an error — but every text redacted and credential-named values replaced, so an upstream error
 * that carries a request's headers, a signed URL or an SDK's config (google-auth-library, undici) never puts a
 * credential in a log line. Only runs when an error is logged.
 */
export function serializeErrorForLog(error: unknown): LoggedError {
  if (error instanceof Error) return serializeErrorAt(error, 0, new Set());
  const value = sanitize(error, 'err', 0, new Set());
  return { type: typeof error, message: typeof value === 'string' ? value : '', stack: '', value };
}
