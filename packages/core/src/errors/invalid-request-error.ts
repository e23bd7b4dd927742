import { createMarkerCheck, ModelmuxError } from './modelmux-error.js';

const check = createMarkerCheck('InvalidRequestError');

/** The client's request cannot be understood. `param` names the offending field in the client's own API. */
export class InvalidRequestError extends ModelmuxError {
  readonly [check.symbol] = true;
  readonly param?: string;

  constructor(options: {
    message: string;
    param?: string;
    code?: 'MMX_REQUEST_INVALID' | 'MMX_REQUEST_PROVIDER_OPTIONS_INVALID';
    cause?: unknown;
  }) {
    super({ code: options.code ?? 'MMX_REQUEST_INVALID', message: options.message, cause: options.cause });
    this.name = 'InvalidRequestError';
    if (options.param !== undefined) this.param = options.param;
  }

  static override isInstance(error: unknown): error is InvalidRequestError {
    return check.is(error);
  }
}
