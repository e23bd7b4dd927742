export { ConfigError, type ConfigIssue } from './config-error.js';
export { CredentialsError } from './credentials-error.js';
export { ERROR_CODES, ERROR_HTTP_STATUS, type ErrorCode, isRetryableCode } from './error-codes.js';
export { InvalidRequestError } from './invalid-request-error.js';
export { ModelmuxError, type ModelmuxErrorOptions } from './modelmux-error.js';
export { NoSuchModelError } from './no-such-model-error.js';
export { PluginError, type PluginErrorCode } from './plugin-error.js';
export { StoreError } from './store-error.js';
export { UnsupportedFeatureError } from './unsupported-feature-error.js';
export {
  mapUpstreamStatusToCode,
  type UpstreamContentFilter,
  UpstreamError,
  type UpstreamErrorCode,
  type UpstreamErrorOptions,
} from './upstream-error.js';
export { UpstreamResponseError } from './upstream-response-error.js';
export { UpstreamTransportError } from './upstream-transport-error.js';

/** True for the abort error raised when a call's signal fires (the client went away). */
export function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' || (error as { code?: unknown }).code === 'ABORT_ERR')
  );
}
