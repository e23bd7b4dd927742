import { createMarkerCheck, ModelmuxError } from './modelmux-error.js';

const check = createMarkerCheck('StoreError');

/**
 * The gateway's store could not read or write (`MMX_STORE_UNAVAILABLE`, 503), or what was asked for is not there
 * (`MMX_STORED_NOT_FOUND`, 404). A write that failed is never reported as saved.
 */
export class StoreError extends ModelmuxError {
  readonly [check.symbol] = true;

  constructor(options: {
    code?: 'MMX_STORE_UNAVAILABLE' | 'MMX_STORED_NOT_FOUND';
    message: string;
    cause?: unknown;
  }) {
    super({ code: options.code ?? 'MMX_STORE_UNAVAILABLE', message: options.message, cause: options.cause });
    this.name = 'StoreError';
  }

  static override isInstance(error: unknown): error is StoreError {
    return check.is(error);
  }
}
