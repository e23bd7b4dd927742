import { decodeJsonWebToken, hasRs256Signature } from './json-web-token.js';
import type { VertexExchange } from './vertex-exchange.js';

/** The grant type of a service-account token request (RFC 7523). */
export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** The audience google-auth-library puts into assertions, whatever the key's `token_uri` says. */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** Google's limit on `exp - iat` of an assertion. */
const MAX_LIFETIME_SECONDS = 3600;
/** Clock skew the emulator tolerates. */
const SKEW_SECONDS = 300;

/** A token request the emulator received. */
export interface TokenRequestRecord {
  assertion: string;
  grantType: string;
}

/** What the token route needs from the emulator. */
export interface TokenRouteContext {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
  /** The emulator's own token URL, accepted as `aud` besides Google's. */
  readonly tokenUrl: string;
  /** Registered service-account keys; when there are any, the assertion must be signed with one of them. */
  readonly publicKeys: readonly string[];
  record(entry: TokenRequestRecord): void;
}

function oauthError(exchange: VertexExchange, error: string, description: string): void {
  exchange.sendJson(400, { error, error_description: description });
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** The reason Google would reject these claims, or undefined when they are fine. */
function claimsProblem(claims: Record<string, unknown>, tokenUrl: string): string | undefined {
  if (typeof claims.iss !== 'string' || claims.iss === '') return 'Invalid JWT: the iss claim is missing.';
  if (claims.aud !== GOOGLE_TOKEN_URL && claims.aud !== tokenUrl)
    return `Invalid JWT: the aud claim must be ${GOOGLE_TOKEN_URL}.`;
  const now = Date.now() / 1000;
  const { iat, exp } = claims;
  if (
    !isNumber(iat) ||
    !isNumber(exp) ||
    exp <= iat ||
    exp - iat > MAX_LIFETIME_SECONDS ||
    iat > now + SKEW_SECONDS ||
    exp < now - SKEW_SECONDS
  ) {
    return 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.';
  }
  return undefined;
}

/**
 * Answers `POST /token`, the OAuth 2.0 JWT-bearer grant: checks the form, the assertion's claims and (with
 * registered keys) its RS256 signature, then hands out the emulator's access token. Failures use OAuth's
 * `{error, error_description}` shape with status 400, as Google's token endpoint does.
 */
export function handleTokenRequest(
  exchange: VertexExchange,
  bodyText: string,
  context: TokenRouteContext,
): void {
  const form = new URLSearchParams(bodyText);
  const grantType = form.get('grant_type') ?? '';
  const assertion = form.get('assertion') ?? '';
  context.record({ assertion, grantType });
  if (grantType !== JWT_BEARER_GRANT_TYPE) {
    oauthError(exchange, 'unsupported_grant_type', `Invalid grant_type: ${grantType}`);
    return;
  }
  const token = decodeJsonWebToken(assertion);
  if (token === undefined) {
    oauthError(exchange, 'invalid_request', 'Invalid JWT: the assertion is not a compact JWS.');
    return;
  }
  if (context.publicKeys.length > 0 && !context.publicKeys.some((key) => hasRs256Signature(token, key))) {
    oauthError(exchange, 'invalid_grant', 'Invalid JWT Signature.');
    return;
  }
  const problem = claimsProblem(token.claims, context.tokenUrl);
  if (problem !== undefined) {
    oauthError(exchange, 'invalid_grant', problem);
    return;
  }
  if (typeof token.claims.scope !== 'string' || token.claims.scope === '') {
    oauthError(exchange, 'invalid_scope', 'Invalid oauth scope or ID token audience provided.');
    return;
  }
  exchange.sendJson(200, {
    access_token: context.accessToken,
    expires_in: context.expiresInSeconds,
    token_type: 'Bearer',
  });
}
