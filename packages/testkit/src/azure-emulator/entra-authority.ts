import type { EmulatorExchange } from '../shared/emulator-exchange.js';
import { createEntraAccessToken } from './entra-access-token.js';
import type { EntraAuthorityRoute } from './entra-authority-route.js';
import { type EntraErrorBody, entraError, tenantNotFoundError } from './entra-error.js';

/** An app registration (service principal) the fake authority issues tokens to. */
export interface EntraClient {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/** A token request the fake authority received. */
export interface EntraTokenRequest {
  /** The tenant of the path. */
  tenantId: string;
  clientId: string;
  grantType: string;
  /** The `scope` form field as sent (space-separated). */
  scope: string;
  /** The OAuth error the authority answered with (`invalid_client`, …); undefined when it issued a token. */
  error?: string;
}

/** The scope Azure OpenAI tokens are requested with. */
export const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

/** The `https` origin clients are told the authority lives at, unless the emulator is given another one. */
export const DEFAULT_AUTHORITY_ORIGIN = 'https://login.emulator.test';

/** The client the fake authority knows when the emulator is started without `entraClients`. */
export const DEFAULT_ENTRA_CLIENT: Readonly<EntraClient> = Object.freeze({
  tenantId: 'emulator-tenant',
  clientId: '00000000-0000-4000-8000-00000000c11e',
  clientSecret: 'emulator-client-secret',
});

/** OpenID scopes MSAL may add to a request; they do not change the resource asked for. */
const OIDC_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'offline_access', 'email']);

interface IssuedToken {
  clientId: string;
  /** Unix milliseconds. */
  expiresAt: number;
}

/** Options of the fake authority. */
export interface EntraAuthorityOptions {
  authorityOrigin: string;
  clients: readonly EntraClient[];
  /** Tokens accepted on the API routes without ever being issued; they do not expire. */
  staticTokens: readonly string[];
  expiresInSeconds: number;
}

/**
 * A fake Microsoft Entra ID authority: OpenID configuration, instance discovery, an empty key set, and the
 * `client_credentials` grant for the configured clients. Remembers the tokens it issued so the API routes can
 * accept them until they expire.
 */
export class EntraAuthority {
  readonly tokenRequests: EntraTokenRequest[] = [];
  private readonly issued = new Map<string, IssuedToken>();
  private readonly staticTokens: ReadonlySet<string>;
  private readonly tenants: ReadonlySet<string>;

  constructor(private readonly options: EntraAuthorityOptions) {
    this.staticTokens = new Set(options.staticTokens);
    this.tenants = new Set(options.clients.map((client) => client.tenantId));
  }

  /** The client a live token was issued to (undefined for a static token), or false when the token is not valid. */
  tokenOwner(token: string): string | undefined | false {
    if (this.staticTokens.has(token)) return undefined;
    const issued = this.issued.get(token);
    if (issued === undefined || issued.expiresAt <= Date.now()) return false;
    return issued.clientId;
  }

  /** Answers one authority request. */
  handle(
    exchange: EmulatorExchange,
    route: EntraAuthorityRoute,
    query: URLSearchParams,
    bodyText: string,
  ): void {
    switch (route.kind) {
      case 'instance-discovery':
        this.answerInstanceDiscovery(exchange, query);
        return;
      case 'openid-configuration':
        if (this.checkTenant(exchange, route.tenant))
          exchange.sendJson(200, this.openIdConfiguration(route.tenant));
        return;
      case 'keys':
        if (this.checkTenant(exchange, route.tenant)) exchange.sendJson(200, { keys: [] });
        return;
      case 'token':
        this.answerTokenRequest(exchange, route.tenant, new URLSearchParams(bodyText), query);
        return;
    }
  }

  private tenantUrl(tenant: string): string {
    return `${this.options.authorityOrigin}/${encodeURIComponent(tenant)}`;
  }

  private checkTenant(exchange: EmulatorExchange, tenant: string): boolean {
    if (this.tenants.has(tenant)) return true;
    exchange.sendJson(400, tenantNotFoundError(this.options.authorityOrigin, tenant));
    return false;
  }

  private openIdConfiguration(tenant: string): unknown {
    const base = this.tenantUrl(tenant);
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'ver'],
      tenant_region_scope: null,
      cloud_instance_name: new URL(this.options.authorityOrigin).hostname,
    };
  }

  /** `GET /common/discovery/instance`: MSAL's instance discovery, used unless `disableInstanceDiscovery` is set. */
  private answerInstanceDiscovery(exchange: EmulatorExchange, query: URLSearchParams): void {
    const host = new URL(this.options.authorityOrigin).host;
    let tenant = 'common';
    try {
      tenant = new URL(query.get('authorization_endpoint') ?? '').pathname.split('/')[1] || tenant;
    } catch {
      // Without a usable authorization_endpoint the discovery document points at the common tenant.
    }
    exchange.sendJson(200, {
      tenant_discovery_endpoint: `${this.tenantUrl(decodeURIComponent(tenant))}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  }

  private answerTokenRequest(
    exchange: EmulatorExchange,
    tenant: string,
    form: URLSearchParams,
    query: URLSearchParams,
  ): void {
    const record: EntraTokenRequest = {
      tenantId: tenant,
      clientId: form.get('client_id') ?? '',
      grantType: form.get('grant_type') ?? '',
      scope: form.get('scope') ?? '',
    };
    this.tokenRequests.push(record);
    const correlationId = query.get('client-request-id') ?? form.get('client-request-id') ?? undefined;
    const failure = this.tokenRequestFailure(tenant, record, form.get('client_secret'), correlationId);
    if (failure !== undefined) {
      record.error = failure.body.error;
      exchange.sendJson(failure.status, failure.body);
      return;
    }
    const token = createEntraAccessToken(tenant, record.clientId, this.options.expiresInSeconds);
    this.issued.set(token, {
      clientId: record.clientId,
      expiresAt: Date.now() + this.options.expiresInSeconds * 1000,
    });
    exchange.sendJson(
      200,
      {
        token_type: 'Bearer',
        expires_in: this.options.expiresInSeconds,
        ext_expires_in: this.options.expiresInSeconds,
        access_token: token,
      },
      { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
    );
  }

  /** Why Entra would refuse the request, in the order it checks; undefined when a token can be issued. */
  private tokenRequestFailure(
    tenant: string,
    record: EntraTokenRequest,
    clientSecret: string | null,
    correlationId: string | undefined,
  ): { status: number; body: EntraErrorBody } | undefined {
    const origin = this.options.authorityOrigin;
    const error = (name: string, code: number, description: string): EntraErrorBody =>
      entraError(origin, name, code, description, correlationId);
    if (record.grantType !== 'client_credentials') {
      return {
        status: 400,
        body: error(
          'unsupported_grant_type',
          70003,
          `The app requested an unsupported grant type '${record.grantType}'.`,
        ),
      };
    }
    if (!this.tenants.has(tenant))
      return { status: 400, body: tenantNotFoundError(origin, tenant, correlationId) };
    const client = this.options.clients.find(
      (candidate) => candidate.tenantId === tenant && candidate.clientId === record.clientId,
    );
    if (client === undefined) {
      return {
        status: 400,
        body: error(
          'unauthorized_client',
          700016,
          `Application with identifier '${record.clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
        ),
      };
    }
    if (clientSecret === null || clientSecret === '') {
      return {
        status: 401,
        body: error(
          'invalid_client',
          7000218,
          "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        ),
      };
    }
    if (clientSecret !== client.clientSecret) {
      return {
        status: 401,
        body: error(
          'invalid_client',
          7000215,
          `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`,
        ),
      };
    }
    const scopes = record.scope.split(' ').filter((scope) => scope !== '' && !OIDC_SCOPES.has(scope));
    if (scopes.length !== 1 || scopes[0] !== COGNITIVE_SERVICES_SCOPE) {
      return {
        status: 400,
        body: error(
          'invalid_scope',
          1002012,
          `The provided value for scope ${record.scope || '(none)'} is not valid. This emulated authority only issues tokens for ${COGNITIVE_SERVICES_SCOPE}.`,
        ),
      };
    }
    return undefined;
  }
}
