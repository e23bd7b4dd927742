import { createHash, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from './node-sha256.js';

/** The credentials and scope a SigV4 signature must match. */
export interface SignatureExpectation {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** The signing name, `bedrock` for Bedrock Runtime. */
  service: string;
}

/** A request as received, for signature checking. */
export interface ReceivedRequest {
  method: string;
  /** Path and query as received, still percent-encoded. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

/** The outcome of a signature check; failures name the exception AWS answers with. */
export type SignatureCheck =
  | { valid: true }
  | {
      valid: false;
      errorType: 'IncompleteSignatureException' | 'InvalidSignatureException' | 'UnrecognizedClientException';
      message: string;
    };

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAmzDate(value: string | undefined): Date | undefined {
  const match = value === undefined ? null : AMZ_DATE.exec(value);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
}

function queryOf(search: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  return query;
}

function invalid(message = SIGNATURE_MISMATCH): SignatureCheck {
  return { valid: false, errorType: 'InvalidSignatureException', message };
}

function sameSignature(expected: string, actual: string): boolean {
  return expected.length === actual.length && timingSafeEqual(Buffer.from(expected), Buffer.from(actual));
}

/**
 * Verifies an `AWS4-HMAC-SHA256` authorization header: the credential scope (key id, region, service), then the
 * signature, recomputed by smithy's own `SignatureV4` over the signed headers, the path as received (the signer
 * URI-encodes it again, as for every service but S3) and the body. The body is also hashed here, because the signer
 * trusts `x-amz-content-sha256` as given.
 */
export async function verifySignature(
  request: ReceivedRequest,
  expected: SignatureExpectation,
): Promise<SignatureCheck> {
  const authorization = headerValue(request.headers.authorization) ?? '';
  const match = AUTHORIZATION.exec(authorization);
  if (match === null)
    return {
      valid: false,
      errorType: 'IncompleteSignatureException',
      message: `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters (emulator check). Authorization=${authorization}`,
    };
  const [, credential, signedHeaderList, signature] = match as unknown as [string, string, string, string];
  const [accessKeyId, scopeDate, region, service, terminator] = credential.split('/');
  if (accessKeyId !== expected.accessKeyId)
    return {
      valid: false,
      errorType: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    };
  if (terminator !== 'aws4_request') return invalid();
  if (region !== expected.region) return invalid(`Credential should be scoped to a valid region. `);
  if (service !== expected.service)
    return invalid(`Credential should be scoped to correct service: '${expected.service}'. `);
  const amzDate = headerValue(request.headers['x-amz-date']);
  const signingDate = parseAmzDate(amzDate);
  if (signingDate === undefined || amzDate?.slice(0, 8) !== scopeDate) return invalid();
  const contentHash = headerValue(request.headers['x-amz-content-sha256']);
  if (
    contentHash !== undefined &&
    contentHash !== UNSIGNED_PAYLOAD &&
    contentHash !== createHash('sha256').update(request.body).digest('hex')
  )
    return invalid('The provided x-amz-content-sha256 header does not match what was computed.');

  const signedHeaders = signedHeaderList.split(';');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = headerValue(request.headers[name]);
    if (value === undefined) return invalid();
    headers[name] = value;
  }
  const url = new URL(request.url, 'http://emulator.invalid');
  const sessionToken = headers['x-amz-security-token'];
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: expected.accessKeyId,
      secretAccessKey: expected.secretAccessKey,
      ...(sessionToken === undefined ? {} : { sessionToken }),
    },
    region: expected.region,
    service: expected.service,
    sha256: NodeSha256,
    applyChecksum: signedHeaders.includes('x-amz-content-sha256'),
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: headers.host ?? url.hostname,
      path: url.pathname,
      query: queryOf(url.searchParams),
      headers,
      body: request.body,
    },
    { signingDate },
  );
  const recomputed = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1];
  return recomputed !== undefined && sameSignature(recomputed, signature) ? { valid: true } : invalid();
}
