import {
  type AccessToken,
  ClientSecretCredential,
  DefaultAzureCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import { CredentialsError } from '@modelmux/core';
import type { Authorizer } from '@modelmux/core/http';
import { resolveSecret } from '@modelmux/core/settings';
import type { Dispatcher } from 'undici';
import type { AzureEntraSettings } from './azure-settings.js';
import { createAzureIdentityHttpClient } from './create-azure-identity-http-client.js';

/** The scope of Azure OpenAI tokens. */
export const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

/** A token is replaced this long before it expires (unless the credential names an earlier refresh time). */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

/** Builds the `@azure/identity` credential the settings describe; secrets are resolved now, at boot. */
export function createAzureEntraCredential(
  entra: AzureEntraSettings,
  deps: { env: Readonly<Record<string, string | undefined>>; dispatcher: Dispatcher },
): TokenCredential {
  const httpClient = createAzureIdentityHttpClient(deps.dispatcher);
  switch (entra.type) {
    case 'client_secret':
      return new ClientSecretCredential(
        entra.tenant_id,
        entra.client_id,
        resolveSecret(entra.client_secret, deps.env, 'entra.client_secret'),
        {
          httpClient,
          disableInstanceDiscovery: entra.disable_instance_discovery,
          ...(entra.authority_host === undefined ? {} : { authorityHost: entra.authority_host }),
        },
      );
    case 'managed_identity':
      return entra.client_id === undefined
        ? new ManagedIdentityCredential({ httpClient })
        : new ManagedIdentityCredential({ clientId: entra.client_id, httpClient });
    default:
      return new DefaultAzureCredential({ httpClient });
  }
}

/**
 * An authorizer that sends `Authorization: Bearer <Entra token>`. The token is fetched once, reused until shortly
 * before it expires, and refreshed by one fetch however many requests are waiting; a failed refresh falls back to the
 * current token while it is still valid. A token that cannot be had is `MMX_CREDENTIALS_UNAVAILABLE`.
 */
export function createAzureEntraAuthorizer(
  credential: TokenCredential,
  deps: { now: () => number; providerId: string; kind: string },
): Authorizer {
  let current: { headers: Record<string, string>; refreshAt: number; expiresAt: number } | undefined;
  let refreshing: Promise<Record<string, string>> | undefined;
  const refresh = async (): Promise<Record<string, string>> => {
    let token: AccessToken | null;
    try {
      token = await credential.getToken(COGNITIVE_SERVICES_SCOPE);
    } catch (error) {
      if (current !== undefined && deps.now() < current.expiresAt) return current.headers;
      throw new CredentialsError({
        message: `Could not get a Microsoft Entra ID token (${deps.kind}): ${(error as Error).message}`,
        cause: error,
        providerId: deps.providerId,
      });
    }
    if (token === null || token.token === '') {
      throw new CredentialsError({
        message: `Microsoft Entra ID returned no token (${deps.kind}).`,
        providerId: deps.providerId,
      });
    }
    const expiresAt = token.expiresOnTimestamp;
    current = {
      headers: { authorization: `Bearer ${token.token}` },
      expiresAt,
      refreshAt: Math.min(token.refreshAfterTimestamp ?? expiresAt, expiresAt - TOKEN_REFRESH_MARGIN_MS),
    };
    return current.headers;
  };
  return () => {
    if (current !== undefined && deps.now() < current.refreshAt) return Promise.resolve(current.headers);
    refreshing ??= refresh().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  };
}
