import { createSign } from 'node:crypto';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { GoogleAuth } from 'google-auth-library';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createTestServiceAccountKey,
  type TestServiceAccountKey,
} from './create-test-service-account-key.js';
import { decodeJsonWebToken } from './json-web-token.js';
import { startVertexEmulator, type VertexEmulator } from './vertex-emulator.js';

const ACCESS_TOKEN = 'token-from-the-emulator';
const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

let emulator: VertexEmulator;
let serviceAccount: TestServiceAccountKey;

beforeAll(async () => {
  vi.stubEnv('METADATA_SERVER_DETECTION', 'none');
  vi.stubEnv('GOOGLE_APPLICATION_CREDENTIALS', undefined);
  emulator = await startVertexEmulator({ accessToken: ACCESS_TOKEN, tokenExpiresInSeconds: 1800 });
  serviceAccount = createTestServiceAccountKey({ tokenUri: emulator.tokenUrl, projectId: 'my-proj' });
  emulator.registerServiceAccount(serviceAccount.publicKeyPem);
});

afterEach(() => emulator.reset());

afterAll(async () => {
  await emulator.close();
  vi.unstubAllEnvs();
});

/** google-auth-library ignores `token_uri`; this sends its token requests to the emulator instead. */
const fetchImplementation: typeof fetch = (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  return fetch(url === GOOGLE_TOKEN_URL ? emulator.tokenUrl : input, init);
};

function googleAuth(credentials: Record<string, unknown>): GoogleAuth {
  return new GoogleAuth({
    credentials,
    scopes: [SCOPE],
    clientOptions: { transporterOptions: { fetchImplementation } },
  });
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function signAssertion(
  claims: Record<string, unknown>,
  privateKey = serviceAccount.key.private_key as string,
): string {
  const signingInput = `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKey, 'base64url');
  return `${signingInput}.${signature}`;
}

async function postToken(form: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const response = await fetch(emulator.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: await response.json() };
}

describe('createTestServiceAccountKey', () => {
  it('makes a service-account key file with a PKCS#8 RSA key', () => {
    const { key } = serviceAccount;
    expect(key).toMatchObject({
      type: 'service_account',
      project_id: 'my-proj',
      client_email: 'modelmux-emulator@my-proj.iam.gserviceaccount.com',
      token_uri: emulator.tokenUrl,
    });
    expect(key.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(key.private_key_id).toMatch(/^[0-9a-f]{40}$/);
    expect(key.client_id).toMatch(/^\d{21}$/);
    expect(serviceAccount.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });
});

describe('google-auth-library JWT grant against the emulator', () => {
  it('gets the emulator token once, then serves it from its cache', async () => {
    const auth = googleAuth(serviceAccount.key);
    expect(await auth.getAccessToken()).toBe(ACCESS_TOKEN);
    expect(await auth.getAccessToken()).toBe(ACCESS_TOKEN);
    expect(emulator.tokenRequests).toHaveLength(1);
    expect(emulator.requests).toHaveLength(0);
  });

  it('sends a jwt-bearer grant whose RS256 assertion has iss, scope, aud, iat and exp', async () => {
    await googleAuth(serviceAccount.key).getAccessToken();
    const [tokenRequest] = emulator.tokenRequests;
    expect(tokenRequest!.grantType).toBe(JWT_BEARER);
    const token = decodeJsonWebToken(tokenRequest!.assertion);
    expect(token?.header).toMatchObject({ alg: 'RS256' });
    expect(token?.claims).toMatchObject({
      iss: serviceAccount.key.client_email,
      scope: SCOPE,
      aud: GOOGLE_TOKEN_URL,
    });
    const { iat, exp } = token!.claims as { iat: number; exp: number };
    expect(exp - iat).toBe(3600);
    expect(Math.abs(iat - Date.now() / 1000)).toBeLessThan(60);
  });

  it('rejects an assertion signed with a key the emulator does not know', async () => {
    const stranger = createTestServiceAccountKey({ tokenUri: emulator.tokenUrl });
    await expect(googleAuth(stranger.key).getAccessToken()).rejects.toThrow(
      /invalid_grant|Invalid JWT Signature/,
    );
    expect(emulator.tokenRequests).toHaveLength(1);
  });

  it('authenticates AnthropicVertex end to end with the issued token', async () => {
    const client = new AnthropicVertex({
      baseURL: `${emulator.url}/v1`,
      region: 'us-east5',
      projectId: 'my-proj',
      googleAuth: googleAuth(serviceAccount.key),
      maxRetries: 0,
    });
    const message = await client.messages.create({
      model: 'claude-haiku-4-5@20251001',
      max_tokens: 32,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Hello from the Vertex emulator.' }]);
    expect(emulator.tokenRequests).toHaveLength(1);
    expect(emulator.requests[0]!.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
  });
});

describe('the token endpoint on its own', () => {
  const now = (): number => Math.floor(Date.now() / 1000);
  const claims = (): Record<string, unknown> => ({
    iss: serviceAccount.key.client_email,
    scope: SCOPE,
    aud: emulator.tokenUrl,
    iat: now(),
    exp: now() + 3600,
  });

  it('honours its own URL as aud and replies with the configured expires_in', async () => {
    const reply = await postToken({ grant_type: JWT_BEARER, assertion: signAssertion(claims()) });
    expect(reply).toEqual({
      status: 200,
      body: { access_token: ACCESS_TOKEN, expires_in: 1800, token_type: 'Bearer' },
    });
  });

  it.each([
    ['an expired assertion', { iat: now() - 7200, exp: now() - 3600 }],
    ['a lifetime over an hour', { exp: now() + 7200 }],
    ['another audience', { aud: 'https://example.com/token' }],
    ['no issuer', { iss: undefined }],
  ])('rejects %s with invalid_grant', async (_name, overrides) => {
    const reply = await postToken({
      grant_type: JWT_BEARER,
      assertion: signAssertion({ ...claims(), ...overrides }),
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: 'invalid_grant' });
  });

  it('rejects other grant types, malformed assertions and missing scopes', async () => {
    expect(await postToken({ grant_type: 'client_credentials', assertion: 'x' })).toMatchObject({
      status: 400,
      body: { error: 'unsupported_grant_type' },
    });
    expect(await postToken({ grant_type: JWT_BEARER, assertion: 'not-a-jwt' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
    expect(
      await postToken({
        grant_type: JWT_BEARER,
        assertion: signAssertion({ ...claims(), scope: undefined }),
      }),
    ).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    expect(emulator.tokenRequests.map((request) => request.grantType)).toEqual([
      'client_credentials',
      JWT_BEARER,
      JWT_BEARER,
    ]);
  });
});
