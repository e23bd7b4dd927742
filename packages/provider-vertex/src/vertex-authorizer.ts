import { readFileSync } from 'node:fs';
import { ConfigError, CredentialsError } from '@modelmux/core';
import { type Authorizer, safeParseJson } from '@modelmux/core/http';
import { resolveSecret } from '@modelmux/core/settings';
import { GoogleAuth } from 'google-auth-library';
import { type Dispatcher, fetch as undiciFetch } from 'undici';
import { z } from 'zod';
import type { VertexSettings } from './vertex-settings.js';

export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** The parts of a service-account key the provider reads (the rest is passed to google-auth-library as is). */
const serviceAccountKeySchema = z.looseObject({
  client_email: z.string().min(1),
  private_key: z.string().min(1),
  token_uri: z.url().optional(),
});

export type ServiceAccountKey = z.infer<typeof serviceAccountKeySchema>;

function parseServiceAccountKey(text: string, path: string): ServiceAccountKey {
  const parsed = safeParseJson(text, serviceAccountKeySchema);
  if (parsed.success) return parsed.value;
  const message = safeParseJson(text, z.unknown()).success
    ? 'the service-account key needs client_email and private_key'
    : 'is not a JSON service-account key';
  throw new ConfigError({ issues: [{ path, message }] });
}

function readKeyFile(file: string, path: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError({
      issues: [{ path, message: `cannot read ${file}: ${(error as Error).message}` }],
    });
  }
}

/** The key in an ADC file when it is a service-account key; undefined for other credential types. */
function readServiceAccountKeyFile(file: string, path: string): ServiceAccountKey | undefined {
  const text = readKeyFile(file, path);
  const kind = safeParseJson(text, z.looseObject({ type: z.string().optional() }));
  if (kind.success && kind.value.type !== undefined && kind.value.type !== 'service_account')
    return undefined;
  return parseServiceAccountKey(text, path);
}

/**
 * A fetch for google-auth-library that sends the token request to the key's own `token_uri` (the library always
 * uses Google's) and goes through the injected dispatcher.
 */
function createTokenFetch(tokenUri: string | undefined, dispatcher: Dispatcher): typeof fetch {
  return ((input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const target = tokenUri !== undefined && url.startsWith(GOOGLE_TOKEN_URL) ? tokenUri : url;
    return undiciFetch(target, { ...(init as object), dispatcher } as never);
  }) as typeof fetch;
}

/** Builds the authorizer for the configured credentials. Key files and secrets are read now, at boot. */
export function createVertexAuthorizer(
  credentials: VertexSettings['credentials'],
  deps: { env: Readonly<Record<string, string | undefined>>; dispatcher: Dispatcher; providerId: string },
): Authorizer {
  if (credentials.type === 'access_token') {
    const headers = {
      authorization: `Bearer ${resolveSecret(credentials.token, deps.env, 'credentials.token')}`,
    };
    return async () => headers;
  }
  let auth: GoogleAuth;
  const serviceAccountAuth = (key: ServiceAccountKey) =>
    new GoogleAuth({
      credentials: key,
      scopes: [CLOUD_PLATFORM_SCOPE],
      clientOptions: {
        transporterOptions: { fetchImplementation: createTokenFetch(key.token_uri, deps.dispatcher) },
      },
    });
  if (credentials.type === 'adc') {
    // A service-account key named by GOOGLE_APPLICATION_CREDENTIALS is read here, so that its own token_uri is
    // honoured and the token request goes through the injected dispatcher; other ADC sources (gcloud user
    // credentials, workload identity, the metadata server) are google-auth-library's.
    const file = deps.env.GOOGLE_APPLICATION_CREDENTIALS;
    const key =
      file === undefined || file === ''
        ? undefined
        : readServiceAccountKeyFile(file, 'credentials (GOOGLE_APPLICATION_CREDENTIALS)');
    auth =
      key !== undefined
        ? serviceAccountAuth(key)
        : new GoogleAuth({
            scopes: [CLOUD_PLATFORM_SCOPE],
            clientOptions: {
              transporterOptions: { fetchImplementation: createTokenFetch(undefined, deps.dispatcher) },
            },
          });
  } else {
    const path = credentials.type === 'service_account_file' ? 'credentials.path' : 'credentials.json';
    const text =
      credentials.type === 'service_account_file'
        ? readKeyFile(credentials.path, path)
        : resolveSecret(credentials.json, deps.env, path);
    auth = serviceAccountAuth(parseServiceAccountKey(text, path));
  }
  return async () => {
    let token: string | null | undefined;
    try {
      token = await auth.getAccessToken();
    } catch (error) {
      throw new CredentialsError({
        message: `Could not get a Google access token (${credentials.type}): ${(error as Error).message}`,
        cause: error,
        providerId: deps.providerId,
      });
    }
    if (!token) {
      throw new CredentialsError({
        message: 'Google returned no access token.',
        providerId: deps.providerId,
      });
    }
    return { authorization: `Bearer ${token}` };
  };
}
