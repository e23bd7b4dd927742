import { createMarkerCheck, ModelmuxError } from './modelmux-error.js';

const check = createMarkerCheck('UnsupportedFeatureError');

/** A requested feature cannot be served or approximated. */
export class UnsupportedFeatureError extends ModelmuxError {
  readonly [check.symbol] = true;
  readonly feature: string;
  readonly param?: string;

  constructor(options: {
    feature: string;
    message: string;
    param?: string;
    providerId?: string;
    modelId?: string;
  }) {
    super({
      code: 'MMX_FEATURE_UNSUPPORTED',
      message: options.message,
      providerId: options.providerId,
      modelId: options.modelId,
    });
    this.name = 'UnsupportedFeatureError';
    this.feature = options.feature;
    if (options.param !== undefined) this.param = options.param;
  }

  static override isInstance(error: unknown): error is UnsupportedFeatureError {
    return check.is(error);
  }
}
