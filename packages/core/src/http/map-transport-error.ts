import { ModelmuxError } from '../errors/modelmux-error.js';
import { UpstreamResponseError } from '../errors/upstream-response-error.js';
import { UpstreamTransportError } from '../errors/upstream-transport-error.js';
import { redactUrl } from './redact.js';

const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);

function findTransportCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (TIMEOUT_CODES.has(code) || UNREACHABLE_CODES.has(code))) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Turns whatever undici or the network threw into a typed error. Abort errors are returned unchanged so callers
 * can tell a client disconnect from an upstream failure; modelmux errors pass through.
 */
export function mapTransportError(
  error: unknown,
  context: { url: string; signal?: AbortSignal; providerId?: string; modelId?: string },
): unknown {
  if (ModelmuxError.isInstance(error)) return error;
  if (context.signal?.aborted) return toAbortError(context.signal);
  const transportCode = findTransportCode(error);
  const where = redactUrl(context.url);
  const detail = error instanceof Error ? error.message : String(error);
  if (transportCode !== undefined) {
    return new UpstreamTransportError({
      code: TIMEOUT_CODES.has(transportCode) ? 'MMX_UPSTREAM_TIMEOUT' : 'MMX_UPSTREAM_UNREACHABLE',
      message: `Upstream ${where} ${TIMEOUT_CODES.has(transportCode) ? 'timed out' : 'is unreachable'}: ${detail} (${transportCode})`,
      transportCode,
      cause: error,
      providerId: context.providerId,
      modelId: context.modelId,
    });
  }
  return new UpstreamResponseError({
    message: `Upstream ${where} failed: ${detail}`,
    cause: error,
    providerId: context.providerId,
    modelId: context.modelId,
  });
}

/** The error to throw when `signal` has fired: its reason if that is an AbortError, else a new one. */
export function toAbortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const error = new Error('The operation was aborted.', { cause: reason });
  error.name = 'AbortError';
  return error;
}
