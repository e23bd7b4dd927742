import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { ConfigError, CredentialsError } from '@modelmux/core';
import type { Authorizer } from '@modelmux/core/http';
import { resolveSecret } from '@modelmux/core/settings';
import type { BedrockSettings } from './bedrock-settings.js';
import {
  type AwsCredentials,
  BEDROCK_SIGNING_NAME,
  signAwsRequest,
  toAwsSignableRequest,
} from './sign-bedrock-request.js';

/** Fetches AWS credentials; may call STS, SSO or instance metadata. */
export type AwsCredentialsProvider = () => Promise<AwsCredentials>;

/** Temporary credentials are fetched again this long before they expire (the AWS SDK's own margin). */
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60 * 1000;

/**
 * Caches what `provider` returns until five minutes before it expires (forever when it does not). Concurrent calls
 * share one fetch; a failed fetch is not cached, so the next call tries again.
 */
export function memoizeAwsCredentials(
  provider: AwsCredentialsProvider,
  now: () => number,
): AwsCredentialsProvider {
  let cached: AwsCredentials | undefined;
  let pending: Promise<AwsCredentials> | undefined;
  return () => {
    if (
      cached !== undefined &&
      (cached.expiration === undefined || cached.expiration.getTime() - now() > REFRESH_BEFORE_EXPIRY_MS)
    ) {
      return Promise.resolve(cached);
    }
    if (pending === undefined) {
      pending = provider().then(
        (credentials) => {
          cached = credentials;
          pending = undefined;
          return credentials;
        },
        (error: unknown) => {
          pending = undefined;
          throw error;
        },
      );
    }
    return pending;
  };
}

/** The credentials before any role is assumed: static keys, or the standard AWS chain built once. */
function createBaseCredentialsProvider(
  credentials: Exclude<BedrockSettings['credentials'], { type: 'api_key' }>,
  env: Readonly<Record<string, string | undefined>>,
): AwsCredentialsProvider {
  if (credentials.type === 'keys') {
    const keys: AwsCredentials = {
      accessKeyId: resolveSecret(credentials.access_key_id, env, 'credentials.access_key_id'),
      secretAccessKey: resolveSecret(credentials.secret_access_key, env, 'credentials.secret_access_key'),
    };
    if (credentials.session_token !== undefined) {
      keys.sessionToken = resolveSecret(credentials.session_token, env, 'credentials.session_token');
    }
    return async () => keys;
  }
  // The chain memoises what it found and refreshes it before expiry; it must be built once, never per request.
  // It reads the process environment and the shared config files itself (the AWS SDK's own lookup).
  return fromNodeProviderChain(credentials.profile === undefined ? {} : { profile: credentials.profile });
}

function isUsable(credentials: unknown): credentials is AwsCredentials {
  const candidate = credentials as Partial<AwsCredentials> | undefined;
  return (
    typeof candidate?.accessKeyId === 'string' &&
    candidate.accessKeyId !== '' &&
    typeof candidate.secretAccessKey === 'string' &&
    candidate.secretAccessKey !== ''
  );
}

/**
 * Builds the authorizer for a Bedrock instance; secrets and the API-key/role combination are checked now, at boot.
 * - `api_key`: a static `authorization: Bearer <key>` header (Bedrock API keys replace SigV4).
 * - `keys` / `default`: SigV4 (signing name `bedrock`) over the exact body, with static keys or the standard AWS
 *   chain (env, profile, SSO, web identity, container and instance metadata).
 * - `assume_role`: STS AssumeRole with those credentials, cached until five minutes before expiry.
 * A credential fetch that fails at call time is a `CredentialsError` (`MMX_CREDENTIALS_UNAVAILABLE`).
 */
export function createBedrockAuthorizer(
  settings: Pick<BedrockSettings, 'credentials' | 'assume_role' | 'region'>,
  deps: {
    env: Readonly<Record<string, string | undefined>>;
    providerId: string;
    now?: () => number;
    /** SigV4 signing name: `bedrock` (default) or `bedrock-mantle` for Mantle's OpenAI-compatible API. */
    signingName?: string;
  },
): Authorizer {
  const { credentials, assume_role: assumeRole, region } = settings;
  const now = deps.now ?? Date.now;
  if (credentials.type === 'api_key') {
    if (assumeRole !== undefined) {
      throw new ConfigError({
        issues: [
          {
            path: 'assume_role',
            message:
              'cannot be used with credentials.type "api_key": a Bedrock API key is not an AWS identity',
          },
        ],
      });
    }
    const headers = {
      authorization: `Bearer ${resolveSecret(credentials.key, deps.env, 'credentials.key')}`,
    };
    return async () => headers;
  }
  const base = createBaseCredentialsProvider(credentials, deps.env);
  let provider: AwsCredentialsProvider = base;
  if (assumeRole !== undefined) {
    const params: { RoleArn: string; RoleSessionName: string; ExternalId?: string } = {
      RoleArn: assumeRole.role_arn,
      RoleSessionName: assumeRole.session_name,
    };
    if (assumeRole.external_id !== undefined) params.ExternalId = assumeRole.external_id;
    // fromTemporaryCredentials calls STS on every invocation (SDK clients memoise it), so it is memoised here.
    provider = memoizeAwsCredentials(
      fromTemporaryCredentials({ masterCredentials: base, params, clientConfig: { region } }),
      now,
    );
  }
  const source = assumeRole === undefined ? credentials.type : `${credentials.type} + assume_role`;
  return async (request) => {
    let resolved: AwsCredentials;
    try {
      resolved = await provider();
    } catch (error) {
      throw new CredentialsError({
        message: `Could not get AWS credentials (${source}): ${(error as Error)?.message ?? String(error)}`,
        cause: error,
        providerId: deps.providerId,
      });
    }
    if (!isUsable(resolved)) {
      throw new CredentialsError({
        message: `The AWS credential provider (${source}) returned no access key.`,
        providerId: deps.providerId,
      });
    }
    return signAwsRequest(toAwsSignableRequest(request), {
      service: deps.signingName ?? BEDROCK_SIGNING_NAME,
      region,
      credentials: resolved,
      signingDate: new Date(now()),
    });
  };
}
