import { createMarkerCheck, ModelmuxError } from './modelmux-error.js';

const check = createMarkerCheck('UpstreamResponseError');

/** The upstream answered 2xx but the body or a stream frame is unusable (bad JSON, wrong shape, truncated). */
export class UpstreamResponseError extends ModelmuxError {
  readonly [check.symbol] = true;

  constructor(options: { message: string; cause?: unknown; providerId?: string; modelId?: string }) {
    super({ code: 'MMX_UPSTREAM_INVALID_RESPONSE', ...options });
    this.name = 'UpstreamResponseError';
  }

  static override isInstance(error: unknown): error is UpstreamResponseError {
    return check.is(error);
  }
}
