import { createMarkerCheck, ModelmuxError } from './modelmux-error.js';

const check = createMarkerCheck('UpstreamTransportError');

/** The upstream could not be reached or did not answer in time. */
export class UpstreamTransportError extends ModelmuxError {
  readonly [check.symbol] = true;
  /** The transport's own code, e.g. `UND_ERR_HEADERS_TIMEOUT` or `ECONNREFUSED`. */
  readonly transportCode?: string;

  constructor(options: {
    code: 'MMX_UPSTREAM_TIMEOUT' | 'MMX_UPSTREAM_UNREACHABLE';
    message: string;
    transportCode?: string;
    cause?: unknown;
    providerId?: string;
    modelId?: string;
  }) {
    super(options);
    this.name = 'UpstreamTransportError';
    if (options.transportCode !== undefined) this.transportCode = options.transportCode;
  }

  static override isInstance(error: unknown): error is UpstreamTransportError {
    return check.is(error);
  }
}
