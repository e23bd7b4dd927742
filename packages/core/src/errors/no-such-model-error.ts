import { createMarkerCheck, ModelmuxError } from './modelmux-error.js';

const check = createMarkerCheck('NoSuchModelError');

/** A model reference names no configured instance or alias, or the provider has no model of that kind. */
export class NoSuchModelError extends ModelmuxError {
  readonly [check.symbol] = true;
  readonly modelReference: string;

  constructor(options: {
    modelReference: string;
    message?: string;
    code?: 'MMX_MODEL_NOT_FOUND' | 'MMX_MODEL_KIND_UNSUPPORTED';
  }) {
    super({
      code: options.code ?? 'MMX_MODEL_NOT_FOUND',
      message: options.message ?? `The model '${options.modelReference}' does not exist.`,
    });
    this.name = 'NoSuchModelError';
    this.modelReference = options.modelReference;
  }

  static override isInstance(error: unknown): error is NoSuchModelError {
    return check.is(error);
  }
}
