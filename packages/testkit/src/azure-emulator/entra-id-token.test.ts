import {
  AuthenticationRequiredError,
  ClientSecretCredential,
  type ClientSecretCredentialOptions,
  CredentialUnavailableError,
  getBearerTokenProvider,
} from '@azure/identity';
import OpenAI, { AzureOpenAI } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeJsonWebToken } from '../vertex-emulator/json-web-token.js';
import { type AzureOpenAIEmulator, startAzureOpenAIEmulator } from './azure-openai-emulator.js';
import { COGNITIVE_SERVICES_SCOPE } from './entra-authority.js';
import { createEntraAuthorityHttpClient } from './entra-authority-http-client.js';

const TENANT_ID = 'contoso-tenant';
const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
const CLIENT_SECRET = 'client-secret-value';
const STATIC_TOKEN = 'static-entra-token';
const messages = [{ role: 'user' as const, content: 'Hi' }];

let emulator: AzureOpenAIEmulator;

beforeAll(async () => {
  emulator = await startAzureOpenAIEmulator({
    apiKey: 'the-api-key',
    entraClients: [{ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }],
    entraTokens: [STATIC_TOKEN],
  });
});

afterEach(() => {
  vi.useRealTimers();
  emulator.reset();
});

afterAll(() => emulator.close());

/** The setup that works offline: a fake https authority host, no instance discovery, and the rewriting client. */
function credential(
  options: {
    tenantId?: string;
    clientId?: string;
    clientSecret?: string;
  } & ClientSecretCredentialOptions = {},
): ClientSecretCredential {
  const { tenantId = TENANT_ID, clientId = CLIENT_ID, clientSecret = CLIENT_SECRET, ...rest } = options;
  return new ClientSecretCredential(tenantId, clientId, clientSecret, {
    authorityHost: emulator.authorityOrigin,
    disableInstanceDiscovery: true,
    httpClient: createEntraAuthorityHttpClient(emulator),
    ...rest,
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function chatOnDeployment(authorization: string): Promise<Response> {
  return fetch(`${emulator.origin}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ messages }),
  });
}

describe('the fake Entra ID authority', () => {
  it('issues a token to ClientSecretCredential for the Cognitive Services scope', async () => {
    const token = await credential().getToken(COGNITIVE_SERVICES_SCOPE);
    expect(token.tokenType).toBe('Bearer');
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3_500_000);
    expect(emulator.tokenRequests).toEqual([
      {
        tenantId: TENANT_ID,
        clientId: CLIENT_ID,
        grantType: 'client_credentials',
        scope: COGNITIVE_SERVICES_SCOPE,
      },
    ]);
    const decoded = decodeJsonWebToken(token.token);
    expect(decoded?.claims).toMatchObject({
      aud: 'https://cognitiveservices.azure.com',
      appid: CLIENT_ID,
      tid: TENANT_ID,
    });
  });

  it('serves the OpenID configuration with endpoints on the https authority host', async () => {
    const response = await fetch(`${emulator.origin}/${TENANT_ID}/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      issuer: `https://login.emulator.test/${TENANT_ID}/v2.0`,
      token_endpoint: `https://login.emulator.test/${TENANT_ID}/oauth2/v2.0/token`,
      authorization_endpoint: `https://login.emulator.test/${TENANT_ID}/oauth2/v2.0/authorize`,
      jwks_uri: `https://login.emulator.test/${TENANT_ID}/discovery/v2.0/keys`,
    });
  });

  it('also works with instance discovery, which the client sends to the emulator too', async () => {
    const token = await credential({ disableInstanceDiscovery: false }).getToken(COGNITIVE_SERVICES_SCOPE);
    expect(token.token).toMatch(/^eyJ/);
    expect(emulator.tokenRequests).toHaveLength(1);
  });

  it('refuses a wrong client secret with invalid_client', async () => {
    const error = await rejection(credential({ clientSecret: 'wrong' }).getToken(COGNITIVE_SERVICES_SCOPE));
    // MSAL reports Entra's error as `<error>: Error(s): <codes> - Timestamp: … - Description: <description> …`.
    expect(error).toBeInstanceOf(AuthenticationRequiredError);
    expect((error as Error).message).toMatch(
      /^invalid_client: Error\(s\): 7000215 - .*Description: AADSTS7000215: Invalid client secret provided\./,
    );
    expect(emulator.tokenRequests.map((request) => request.error)).toContain('invalid_client');
  });

  it('refuses an unknown client with unauthorized_client', async () => {
    const error = await rejection(
      credential({ clientId: 'someone-else' }).getToken(COGNITIVE_SERVICES_SCOPE),
    );
    expect(error).toBeInstanceOf(AuthenticationRequiredError);
    expect((error as Error).message).toMatch(/^unauthorized_client: Error\(s\): 700016 - /);
  });

  it('refuses scopes of other resources with invalid_scope', async () => {
    const error = await rejection(credential().getToken('https://management.azure.com/.default'));
    expect(error).toBeInstanceOf(AuthenticationRequiredError);
    expect((error as Error).message).toMatch(/^invalid_scope: /);
    expect(emulator.tokenRequests[0]).toMatchObject({
      scope: 'https://management.azure.com/.default',
      error: 'invalid_scope',
    });
  });

  it('refuses an unknown tenant', async () => {
    const error = await rejection(
      credential({ tenantId: 'other-tenant' }).getToken(COGNITIVE_SERVICES_SCOPE),
    );
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect((error as Error).message).toMatch(/endpoints_resolution_error/);
    expect(emulator.tokenRequests).toEqual([]);
    const response = await fetch(`${emulator.origin}/other-tenant/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
  });

  it('refuses grants other than client_credentials', async () => {
    const response = await fetch(`${emulator.origin}/${TENANT_ID}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: CLIENT_ID,
        scope: COGNITIVE_SERVICES_SCOPE,
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unsupported_grant_type', error_codes: [70003] });
  });

  it('keeps the authority client on the machine', async () => {
    const client = createEntraAuthorityHttpClient(emulator);
    await expect(
      client.sendRequest({ url: 'https://example.com/', method: 'GET', headers: new Map<string, string>() }),
    ).rejects.toThrow(/only talks to the emulator/);
  });
});

describe('Entra ID tokens on the API', () => {
  it('lets AzureOpenAI authenticate with azureADTokenProvider, asking the authority once', async () => {
    const client = new AzureOpenAI({
      endpoint: emulator.endpoint,
      azureADTokenProvider: getBearerTokenProvider(credential(), COGNITIVE_SERVICES_SCOPE),
      apiVersion: '2024-10-21',
      deployment: 'gpt-4o',
      maxRetries: 0,
    });
    const first = await client.chat.completions.create({ model: 'gpt-4o', messages });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(first.choices[0]!.message.content).toBe('Hello from the modelmux emulator.');
    expect(text).toBe('Hello from the modelmux emulator.');
    expect(emulator.tokenRequests).toHaveLength(1);
    expect(emulator.requests.map((request) => request.authScheme)).toEqual(['entra-id', 'entra-id']);
    expect(emulator.requests[0]!.entraClientId).toBe(CLIENT_ID);
    expect(emulator.requests[0]!.headers.authorization).toMatch(/^Bearer eyJ/);
    expect(emulator.requests[0]!.headers['api-key']).toBeUndefined();
  });

  it('accepts Entra tokens on the v1 API, where the OpenAI SDK takes a token provider as apiKey', async () => {
    const client = new OpenAI({
      baseURL: `${emulator.v1BaseUrl}/`,
      apiKey: getBearerTokenProvider(credential(), COGNITIVE_SERVICES_SCOPE),
      maxRetries: 0,
    });
    const response = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'vector me' });
    expect(response.data[0]!.embedding).toHaveLength(8);
    expect(emulator.requests[0]).toMatchObject({
      style: 'v1',
      authScheme: 'entra-id',
      entraClientId: CLIENT_ID,
    });
  });

  it('accepts configured static tokens, recorded without a client', async () => {
    const response = await chatOnDeployment(`Bearer ${STATIC_TOKEN}`);
    expect(response.status).toBe(200);
    expect(emulator.requests[0]!.authScheme).toBe('entra-id');
    expect(emulator.requests[0]!.entraClientId).toBeUndefined();
  });

  it('rejects unknown bearer tokens with 401', async () => {
    const response = await chatOnDeployment('Bearer not-a-token');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: {
        code: '401',
        message: expect.stringMatching(/^Unauthorized\. Access token is missing, invalid/),
      },
    });
    expect(emulator.requests[0]!.authScheme).toBe('invalid');
  });

  it('rejects an issued token once it has expired', async () => {
    const { token } = await credential().getToken(COGNITIVE_SERVICES_SCOPE);
    expect((await chatOnDeployment(`Bearer ${token}`)).status).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3600_000);
    expect((await chatOnDeployment(`Bearer ${token}`)).status).toBe(401);
  });
});
