import { type SignatureCheck, verifySignature } from './verify-signature.js';

/** How the emulator authenticates requests; with neither set, it accepts every request. */
export interface BedrockAuthOptions {
  region: string;
  /** When set, SigV4 signatures (`service`, `region`) are verified with these credentials. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** When set, `authorization: Bearer <apiKey>` (a Bedrock API key) is accepted. */
  apiKey?: string;
}

/** The outcome of authentication: `signatureValid` is set when a SigV4 signature was checked. */
export type Authorization =
  | { allowed: true; signatureValid?: boolean }
  | { allowed: false; signatureValid?: boolean; errorType: string; message: string };

/** The signing name of Bedrock Runtime, its OpenAI-compatible path included. */
export const BEDROCK_SIGNING_NAME = 'bedrock';
/** The signing name of Bedrock's Mantle endpoint (`bedrock-mantle.{region}.api.aws`). */
export const BEDROCK_MANTLE_SIGNING_NAME = 'bedrock-mantle';
const BEARER = /^Bearer (.+)$/;

/**
 * Authenticates a request as AWS's front end would, once `credentials` or `apiKey` is set: a valid SigV4 signature
 * (scoped to `service`, default `bedrock`) or the API key as a bearer token. Failures are 403s with AWS's exception names (`InvalidSignatureException`,
 * `UnrecognizedClientException`, `MissingAuthenticationTokenException`, …).
 */
export async function authorizeRequest(
  request: Parameters<typeof verifySignature>[0],
  options: BedrockAuthOptions,
  service: string = BEDROCK_SIGNING_NAME,
): Promise<Authorization> {
  const { credentials, apiKey } = options;
  if (credentials === undefined && apiKey === undefined) return { allowed: true };
  const authorization = request.headers.authorization;
  if (typeof authorization !== 'string' || authorization === '')
    return {
      allowed: false,
      errorType: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    };
  const bearer = BEARER.exec(authorization);
  if (bearer !== null) {
    // The exception for a wrong API key is the emulator's guess.
    return bearer[1] === apiKey
      ? { allowed: true }
      : {
          allowed: false,
          errorType: 'UnrecognizedClientException',
          message: 'Invalid API Key format or value (emulated).',
        };
  }
  if (credentials === undefined)
    return {
      allowed: false,
      errorType: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    };
  const check: SignatureCheck = await verifySignature(request, {
    ...credentials,
    region: options.region,
    service,
  });
  if (check.valid) return { allowed: true, signatureValid: true };
  return { allowed: false, signatureValid: false, errorType: check.errorType, message: check.message };
}
