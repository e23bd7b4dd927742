import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVertexAuthorizer } from './vertex-authorizer.js';

// The real google-auth-library JWT flow against a local token endpoint named by the key's own token_uri.

let server: Server;
let tokenUri: string;
let tokenRequests = 0;
let failNext = false;
const dispatcher = new Agent();
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

beforeAll(async () => {
  process.env.METADATA_SERVER_DETECTION = 'none';
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      tokenRequests++;
      if (failNext) {
        failNext = false;
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end('{"error":"invalid_grant","error_description":"Invalid JWT Signature."}');
        return;
      }
      expect(new URLSearchParams(body).get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ access_token: `token-${tokenRequests}`, expires_in: 3599, token_type: 'Bearer' }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tokenUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await dispatcher.close();
});

function key(overrides: Record<string, unknown> = {}) {
  return {
    type: 'service_account',
    project_id: 'my-proj',
    private_key_id: 'kid-1',
    private_key: privateKey,
    client_email: 'gateway@my-proj.iam.gserviceaccount.com',
    client_id: '1',
    token_uri: tokenUri,
    ...overrides,
  };
}

const request = { method: 'POST', url: 'https://x.test', headers: {}, body: '{}' };

describe('createVertexAuthorizer', () => {
  it('fetches a token from the key file own token_uri once, then reuses it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'modelmux-sa-'));
    try {
      await writeFile(join(folder, 'key.json'), JSON.stringify(key()));
      const before = tokenRequests;
      const authorize = createVertexAuthorizer(
        { type: 'service_account_file', path: join(folder, 'key.json') },
        { env: {}, dispatcher, providerId: 'v' },
      );
      const first = await authorize(request);
      const second = await authorize(request);
      expect(first).toEqual({ authorization: `Bearer token-${before + 1}` });
      expect(second).toEqual(first);
      expect(tokenRequests).toBe(before + 1);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('honours the token_uri of a service-account key named by GOOGLE_APPLICATION_CREDENTIALS (ADC)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'modelmux-adc-'));
    try {
      await writeFile(join(folder, 'adc.json'), JSON.stringify(key()));
      const before = tokenRequests;
      const authorize = createVertexAuthorizer(
        { type: 'adc' },
        { env: { GOOGLE_APPLICATION_CREDENTIALS: join(folder, 'adc.json') }, dispatcher, providerId: 'v' },
      );
      expect(await authorize(request)).toEqual({ authorization: `Bearer token-${before + 1}` });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('fails at boot when GOOGLE_APPLICATION_CREDENTIALS names a file that cannot be read', () => {
    expect(() =>
      createVertexAuthorizer(
        { type: 'adc' },
        { env: { GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent/adc.json' }, dispatcher, providerId: 'v' },
      ),
    ).toThrow(
      expect.objectContaining({
        issues: [expect.objectContaining({ path: 'credentials (GOOGLE_APPLICATION_CREDENTIALS)' })],
      }),
    );
  });

  it('reads inline JSON from the environment', async () => {
    const authorize = createVertexAuthorizer(
      { type: 'service_account_json', json: { env: 'SA_JSON' } },
      { env: { SA_JSON: JSON.stringify(key()) }, dispatcher, providerId: 'v' },
    );
    expect((await authorize(request)).authorization).toMatch(/^Bearer token-\d+$/);
  });

  it('turns a failed token fetch into MMX_CREDENTIALS_UNAVAILABLE without crashing', async () => {
    failNext = true;
    const authorize = createVertexAuthorizer(
      { type: 'service_account_json', json: JSON.stringify(key()) },
      { env: {}, dispatcher, providerId: 'v' },
    );
    await expect(authorize(request)).rejects.toMatchObject({
      code: 'MMX_CREDENTIALS_UNAVAILABLE',
      retryable: true,
      providerId: 'v',
    });
  });

  it('uses a static access token as given', async () => {
    const authorize = createVertexAuthorizer(
      { type: 'access_token', token: { env: 'TOKEN' } },
      { env: { TOKEN: 'ya29.static' }, dispatcher, providerId: 'v' },
    );
    expect(await authorize(request)).toEqual({ authorization: 'Bearer ya29.static' });
  });

  it.each([
    [{ type: 'service_account_file' as const, path: '/nonexistent/key.json' }, 'credentials.path'],
    [{ type: 'service_account_json' as const, json: 'not json' }, 'credentials.json'],
    [{ type: 'service_account_json' as const, json: '{"client_email":"x"}' }, 'credentials.json'],
    [{ type: 'access_token' as const, token: { env: 'UNSET_TOKEN' } }, 'credentials.token'],
  ])('fails at boot with a ConfigError naming %j', (credentials, path) => {
    expect(() => createVertexAuthorizer(credentials, { env: {}, dispatcher, providerId: 'v' })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path })] }),
    );
  });
});
