import { createMarkerCheck, ModelmuxError } from './modelmux-error.js';

const check = createMarkerCheck('CredentialsError');

/** Credentials for the upstream could not be obtained at call time (token fetch failed). */
export class CredentialsError extends ModelmuxError {
  readonly [check.symbol] = true;

  constructor(options: { message: string; cause?: unknown; providerId?: string }) {
    super({ code: 'MMX_CREDENTIALS_UNAVAILABLE', ...options });
    this.name = 'CredentialsError';
  }

  static override isInstance(error: unknown): error is CredentialsError {
    return check.is(error);
  }
}
