import type { IncomingHttpHeaders } from 'node:http';
import type { AzureApiStyle } from './azure-api-route.js';
import type { AzureAuthFailure } from './azure-error.js';

/**
 * How a request authenticated itself: `api-key` (the `api-key` header, both URL styles), `bearer-api-key`
 * (`authorization: Bearer <api key>`, v1 only, what the stock OpenAI SDK sends), `entra-id` (`authorization: Bearer
 * <Entra token>`), `invalid` (credentials the emulator rejected) or `none`.
 */
export type AzureAuthScheme = 'api-key' | 'bearer-api-key' | 'entra-id' | 'invalid' | 'none';

/** The outcome of checking a request's credentials. */
export type AzureAuthResult =
  | { scheme: 'api-key' | 'bearer-api-key' }
  | { scheme: 'entra-id'; entraClientId: string | undefined }
  | { scheme: 'invalid' | 'none'; failure: AzureAuthFailure };

/** What the emulator accepts. */
export interface AzureCredentials {
  readonly apiKey: string;
  /** The Entra client a token was issued to (undefined for configured static tokens), or false when unknown. */
  entraTokenOwner(token: string): string | undefined | false;
}

const BEARER = /^Bearer[ ]+(\S+)\s*$/i;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Checks the credentials of an API request. An `api-key` header wins over `authorization`, as Azure reads it first;
 * a bearer token may be an Entra token on both styles, or the API key on the v1 API.
 */
export function authorizeAzureRequest(
  headers: IncomingHttpHeaders,
  style: AzureApiStyle,
  credentials: AzureCredentials,
): AzureAuthResult {
  const apiKey = single(headers['api-key']);
  if (apiKey !== undefined) {
    return apiKey === credentials.apiKey
      ? { scheme: 'api-key' }
      : { scheme: 'invalid', failure: 'invalid-key' };
  }
  const authorization = single(headers.authorization);
  if (authorization === undefined) return { scheme: 'none', failure: 'missing' };
  const token = BEARER.exec(authorization)?.[1];
  if (token === undefined) return { scheme: 'invalid', failure: 'invalid-token' };
  const owner = credentials.entraTokenOwner(token);
  if (owner !== false) return { scheme: 'entra-id', entraClientId: owner };
  if (style === 'v1' && token === credentials.apiKey) return { scheme: 'bearer-api-key' };
  return { scheme: 'invalid', failure: 'invalid-token' };
}
