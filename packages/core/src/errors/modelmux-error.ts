import { redactText } from '../http/redact.js';
import { ERROR_HTTP_STATUS, type ErrorCode, isRetryableCode } from './error-codes.js';

const marker = 'modelmux.error';
const symbol = Symbol.for(marker);

export interface ModelmuxErrorOptions {
  code: ErrorCode;
  message: string;
  cause?: unknown;
  providerId?: string;
  modelId?: string;
  /** Overrides the code's default HTTP status. */
  httpStatus?: number;
  /** Overrides the code's default retryable flag. */
  retryable?: boolean;
}

/**
 * Base of every error modelmux raises. Callers switch on `code`; `isInstance` works across duplicated copies of
 * this package because it checks a registered symbol, not the prototype chain. Messages are redacted.
 */
export class ModelmuxError extends Error {
  readonly [symbol] = true;
  readonly code: ErrorCode;
  readonly httpStatus: number;
  readonly retryable: boolean;
  readonly providerId?: string;
  readonly modelId?: string;

  constructor(options: ModelmuxErrorOptions) {
    super(redactText(options.message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ModelmuxError';
    this.code = options.code;
    this.httpStatus = options.httpStatus ?? ERROR_HTTP_STATUS[options.code];
    this.retryable = options.retryable ?? isRetryableCode(options.code);
    if (options.providerId !== undefined) this.providerId = options.providerId;
    if (options.modelId !== undefined) this.modelId = options.modelId;
  }

  static isInstance(error: unknown): error is ModelmuxError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[symbol] === true;
  }
}

/** Builds the per-class marker check used by each subclass's `isInstance`. */
export function createMarkerCheck(name: string): {
  symbol: symbol;
  is(error: unknown): boolean;
} {
  const classSymbol = Symbol.for(`${marker}.${name}`);
  return {
    symbol: classSymbol,
    is: (error: unknown) =>
      ModelmuxError.isInstance(error) && (error as unknown as Record<symbol, unknown>)[classSymbol] === true,
  };
}
