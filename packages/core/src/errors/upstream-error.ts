import { redactText, redactUrl } from '../http/redact.js';
import type { ContentFilterResults } from '../spec/v1/chat-result.js';
import type { ErrorCode } from './error-codes.js';
import { createMarkerCheck, ModelmuxError } from './modelmux-error.js';

const check = createMarkerCheck('UpstreamError');
const MAX_BODY_CHARS = 4096;

export type UpstreamErrorCode =
  | 'MMX_UPSTREAM_BAD_REQUEST'
  | 'MMX_UPSTREAM_AUTH'
  | 'MMX_UPSTREAM_RATE_LIMITED'
  | 'MMX_UPSTREAM_OVERLOADED'
  | 'MMX_UPSTREAM_SERVER';

/** The stable code for an upstream HTTP status. */
export function mapUpstreamStatusToCode(statusCode: number): UpstreamErrorCode {
  if (statusCode === 401 || statusCode === 403) return 'MMX_UPSTREAM_AUTH';
  if (statusCode === 429) return 'MMX_UPSTREAM_RATE_LIMITED';
  if (statusCode === 503 || statusCode === 529) return 'MMX_UPSTREAM_OVERLOADED';
  if (statusCode === 408 || statusCode === 409 || statusCode >= 500) return 'MMX_UPSTREAM_SERVER';
  return 'MMX_UPSTREAM_BAD_REQUEST';
}

export interface UpstreamErrorOptions {
  statusCode: number;
  message: string;
  /** Defaults to the code for `statusCode`; providers override it for errors their upstream signals otherwise. */
  code?: UpstreamErrorCode;
  url?: string;
  upstreamRequestId?: string;
  retryAfterMs?: number;
  responseBody?: string;
  /** The upstream's own error type/code, when it gave one (e.g. `context_length_exceeded`). */
  upstreamCode?: string;
  /** The upstream's own name of the offending parameter, when it gave one. */
  upstreamParam?: string;
  /** The upstream's content-filter verdicts, when it refused the request for its content. */
  contentFilter?: UpstreamContentFilter;
  providerId?: string;
  modelId?: string;
  cause?: unknown;
}

/** Why an upstream's content filter refused a request: its own reason code and per-category verdicts. */
export interface UpstreamContentFilter {
  /** The upstream's code for the refusal (say, the policy that triggered). */
  code?: string;
  results: ContentFilterResults;
}

/** The upstream answered with an HTTP error. */
export class UpstreamError extends ModelmuxError {
  readonly [check.symbol] = true;
  readonly statusCode: number;
  readonly url?: string;
  readonly upstreamRequestId?: string;
  readonly retryAfterMs?: number;
  readonly responseBody?: string;
  readonly upstreamCode?: string;
  readonly upstreamParam?: string;
  readonly contentFilter?: UpstreamContentFilter;

  constructor(options: UpstreamErrorOptions) {
    const code: ErrorCode = options.code ?? mapUpstreamStatusToCode(options.statusCode);
    super({
      code,
      message: options.message,
      cause: options.cause,
      providerId: options.providerId,
      modelId: options.modelId,
    });
    this.name = 'UpstreamError';
    this.statusCode = options.statusCode;
    if (options.url !== undefined) this.url = redactUrl(options.url);
    if (options.upstreamRequestId !== undefined) this.upstreamRequestId = options.upstreamRequestId;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.responseBody !== undefined) {
      this.responseBody = redactText(options.responseBody.slice(0, MAX_BODY_CHARS));
    }
    if (options.upstreamCode !== undefined) this.upstreamCode = options.upstreamCode;
    if (options.upstreamParam !== undefined) this.upstreamParam = options.upstreamParam;
    if (options.contentFilter !== undefined) this.contentFilter = options.contentFilter;
  }

  static override isInstance(error: unknown): error is UpstreamError {
    return check.is(error);
  }
}
