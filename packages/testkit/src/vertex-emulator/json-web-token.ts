import { createPublicKey, verify } from 'node:crypto';

/** A compact JWS, split and decoded. */
export interface DecodedJsonWebToken {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** `<header>.<payload>` as sent: what the signature covers. */
  signingInput: string;
  signature: Buffer;
}

function decodeJsonObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Splits and decodes a compact JWT without checking its signature; undefined when it is malformed. */
export function decodeJsonWebToken(token: string): DecodedJsonWebToken | undefined {
  const segments = token.split('.');
  if (segments.length !== 3) return undefined;
  const [encodedHeader, encodedClaims, encodedSignature] = segments as [string, string, string];
  const header = decodeJsonObject(encodedHeader);
  const claims = decodeJsonObject(encodedClaims);
  if (header === undefined || claims === undefined) return undefined;
  return {
    header,
    claims,
    signingInput: `${encodedHeader}.${encodedClaims}`,
    signature: Buffer.from(encodedSignature, 'base64url'),
  };
}

/** True when the token is RS256 and signed with the private key of `publicKeyPem`. */
export function hasRs256Signature(token: DecodedJsonWebToken, publicKeyPem: string): boolean {
  if (token.header.alg !== 'RS256') return false;
  return verify(
    'RSA-SHA256',
    Buffer.from(token.signingInput),
    createPublicKey(publicKeyPem),
    token.signature,
  );
}
