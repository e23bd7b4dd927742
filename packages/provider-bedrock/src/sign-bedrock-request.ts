import { Sha256 } from '@aws-crypto/sha256-js';
import type { AuthorizerRequest } from '@modelmux/core/http';
import { SignatureV4 } from '@smithy/signature-v4';

/** Resolved AWS credentials, as the SDK's credential providers return them. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When temporary credentials stop working; absent for long-lived keys. */
  expiration?: Date;
}

/**
 * A request in the form SigV4 signs it. `path` is the path exactly as it goes on the wire (already percent-encoded,
 * e.g. `/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse`); the signer encodes it once more, as every AWS
 * service but S3 expects. `query` holds decoded names and values.
 */
export interface AwsSignableRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query: Record<string, string | string[]>;
  /** Every header that will be sent, `host` included; the signer leaves out the ones SigV4 never signs. */
  headers: Record<string, string>;
  /** The exact body string that will be sent. */
  body: string;
}

/** How to sign: the credential scope, the credentials, the clock and the knobs the AWS test suites vary. */
export interface AwsSigningOptions {
  /** The signing name: `bedrock` for Bedrock Runtime. */
  service: string;
  region: string;
  credentials: AwsCredentials;
  /** The signature's time; defaults to now. */
  signingDate?: Date;
  /** Sends and signs `x-amz-content-sha256` (the AWS SDK does for Bedrock). Defaults to true. */
  applyChecksum?: boolean;
  /** The SHA-256 implementation; defaults to `@aws-crypto/sha256-js` (tests pass a recording one). */
  sha256?: typeof Sha256;
}

/** The headers SigV4 adds; everything else in the signed request was already there. */
const SIGNATURE_HEADERS = [
  'authorization',
  'x-amz-date',
  'x-amz-content-sha256',
  'x-amz-security-token',
] as const;

/** The signing name of Bedrock Runtime (WIRE-FORMATS §7.1). */
export const BEDROCK_SIGNING_NAME = 'bedrock';

/**
 * Splits a raw query string (`a=1&b=%E1%88%B4`) into decoded names and values. `+` stays a plus (SigV4 is not form
 * decoding); a repeated name collects its values in order; a malformed escape is kept as written.
 */
export function parseSignableQuery(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  const text = search.startsWith('?') ? search.slice(1) : search;
  if (text === '') return query;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const name = decodeQueryComponent(separator === -1 ? pair : pair.slice(0, separator));
    const value = separator === -1 ? '' : decodeQueryComponent(pair.slice(separator + 1));
    const existing = query[name];
    if (existing === undefined) query[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else query[name] = [existing, value];
  }
  return query;
}

function decodeQueryComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

interface ParsedUrl {
  host: string;
  protocol: string;
  hostname: string;
  pathname: string;
  /** The query in the form SigV4 signs it, shared by every request to the URL (frozen). */
  query: Readonly<Record<string, string | string[]>>;
  port: string;
}

// Upstream URLs come from config and model ids: parse each once, not on every signed request.
const PARSED_URLS_LIMIT = 1024;
const parsedUrls = new Map<string, ParsedUrl>();

function parseUrl(url: string): ParsedUrl {
  let parsed = parsedUrls.get(url);
  if (parsed === undefined) {
    const { host, protocol, hostname, pathname, search, port } = new URL(url);
    const query = Object.freeze(parseSignableQuery(search));
    parsed = { host, protocol, hostname, pathname, query, port };
    if (parsedUrls.size >= PARSED_URLS_LIMIT) parsedUrls.clear();
    parsedUrls.set(url, parsed);
  }
  return parsed;
}

/**
 * An authorizer request → the request SigV4 signs: the URL's host (with its port when not the default) becomes the
 * `host` header undici will send, and the path stays encoded exactly as on the wire.
 */
export function toAwsSignableRequest(request: AuthorizerRequest): AwsSignableRequest {
  const url = parseUrl(request.url);
  const headers: Record<string, string> = { host: url.host };
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  const signable: AwsSignableRequest = {
    method: request.method.toUpperCase(),
    protocol: url.protocol,
    hostname: url.hostname,
    path: url.pathname,
    query: url.query as Record<string, string | string[]>,
    headers,
    body: request.body,
  };
  if (url.port !== '') signable.port = Number(url.port);
  return signable;
}

/** What SigV4 derives from the secret for one day, region and service, and what it was derived from. */
interface DerivedSigningKey {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string | undefined;
  scope: string;
  key: Promise<Uint8Array>;
}

/**
 * The signer's own key derivation, smithy SignatureV4's `getSigningKey`, and its signing name (both private or
 * protected in its types; the version is pinned).
 */
interface SigningKeySource {
  readonly service: string;
  getSigningKey(
    credentials: AwsCredentials,
    region: string,
    shortDate: string,
    service?: string,
  ): Promise<Uint8Array>;
}

/**
 * The last signing key derived per credentials object. The signer derives it with four HMACs per day, region and
 * service, and keeps it in a cache of its own, but finds it there only after one more HMAC of the secret on every
 * request; so the key is kept here, next to the credentials it came from, and used again while the secret, access
 * key, session token, day, region and service are the same (the credential providers hand out the same object until
 * they refresh it). The signature itself is still computed in full, with the same hash, on every request.
 */
const signingKeys = new WeakMap<AwsCredentials, DerivedSigningKey>();

function reuseSigningKeys(signer: SignatureV4): SignatureV4 {
  const source = signer as unknown as SigningKeySource;
  const derive = source.getSigningKey;
  source.getSigningKey = function cachedSigningKey(credentials, region, shortDate, service) {
    // As the signer does: no signing name for this request means its own.
    const scope = `${shortDate}/${region}/${service || source.service}`;
    const cached = signingKeys.get(credentials);
    if (
      cached !== undefined &&
      cached.scope === scope &&
      cached.accessKeyId === credentials.accessKeyId &&
      cached.secretAccessKey === credentials.secretAccessKey &&
      cached.sessionToken === credentials.sessionToken
    ) {
      return cached.key;
    }
    const key = derive.call(this, credentials, region, shortDate, service);
    signingKeys.set(credentials, {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      scope,
      key,
    });
    // A failed derivation is not kept.
    key.catch(() => {
      if (signingKeys.get(credentials)?.key === key) signingKeys.delete(credentials);
    });
    return key;
  };
  return signer;
}

/** A signer built for one credentials object, and the options it was built with. */
interface BuiltSigner {
  service: string;
  region: string;
  sha256: typeof Sha256;
  applyChecksum: boolean;
  signer: SignatureV4;
}

/**
 * The last signer built per credentials object: the credential providers hand out the same object until they refresh
 * it, so a signer is built when the credentials, signing name, region or hash change, not on every request.
 */
const signers = new WeakMap<AwsCredentials, BuiltSigner>();

function signerFor(options: AwsSigningOptions): SignatureV4 {
  const { service, region, credentials } = options;
  const sha256 = options.sha256 ?? Sha256;
  const applyChecksum = options.applyChecksum ?? true;
  const built = signers.get(credentials);
  if (
    built !== undefined &&
    built.service === service &&
    built.region === region &&
    built.sha256 === sha256 &&
    built.applyChecksum === applyChecksum
  ) {
    return built.signer;
  }
  const signer = reuseSigningKeys(
    new SignatureV4({ service, region, credentials, sha256, uriEscapePath: true, applyChecksum }),
  );
  signers.set(credentials, { service, region, sha256, applyChecksum, signer });
  return signer;
}

/**
 * Signs a request with AWS Signature Version 4 (smithy's `SignatureV4`, the AWS SDK's own signer) and returns only
 * the headers to add: `authorization`, `x-amz-date`, `x-amz-content-sha256` (unless turned off) and, for temporary
 * credentials, `x-amz-security-token` (signed, as the SDK does). The path is normalised and encoded once more;
 * the body is hashed exactly as given.
 */
export async function signAwsRequest(
  request: AwsSignableRequest,
  options: AwsSigningOptions,
): Promise<Record<string, string>> {
  const signed = await signerFor(options).sign(
    {
      method: request.method,
      protocol: request.protocol,
      hostname: request.hostname,
      port: request.port,
      path: request.path,
      query: request.query,
      headers: request.headers,
      body: request.body,
    },
    { signingDate: options.signingDate ?? new Date() },
  );
  const added: Record<string, string> = {};
  for (const name of SIGNATURE_HEADERS) {
    const value = signed.headers[name];
    if (value !== undefined && request.headers[name] === undefined) added[name] = value;
  }
  return added;
}

/**
 * Signs a Bedrock Runtime call (signing name `bedrock`) over the exact body the authorizer was given, as the AWS SDK
 * signs Converse and InvokeModel: every header that is sent except the unsignable ones, `x-amz-content-sha256`
 * included, the model id's `%3A` signed as `%253A`.
 */
export function signBedrockRequest(
  request: AuthorizerRequest,
  options: { region: string; credentials: AwsCredentials; signingDate?: Date },
): Promise<Record<string, string>> {
  return signAwsRequest(toAwsSignableRequest(request), {
    service: BEDROCK_SIGNING_NAME,
    region: options.region,
    credentials: options.credentials,
    signingDate: options.signingDate,
  });
}
