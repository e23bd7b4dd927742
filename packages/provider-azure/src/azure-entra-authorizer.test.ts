import type { AccessToken, TokenCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { COGNITIVE_SERVICES_SCOPE, createAzureEntraAuthorizer } from './azure-authorizer.js';

const request = {
  method: 'POST',
  url: 'https://contoso.openai.azure.com/openai/v1/chat/completions',
  headers: {},
  body: '{}',
};

/** A credential that hands out numbered tokens expiring an hour after `clock.now`, or fails when told to. */
function scriptedCredential(clock: { now: number }) {
  const calls: string[][] = [];
  let failNext: Error | undefined;
  const credential: TokenCredential = {
    async getToken(scopes) {
      calls.push(Array.isArray(scopes) ? scopes : [scopes]);
      await new Promise((resolve) => setImmediate(resolve));
      if (failNext !== undefined) {
        const error = failNext;
        failNext = undefined;
        throw error;
      }
      return {
        token: `token-${calls.length}`,
        expiresOnTimestamp: clock.now + 3_600_000,
      } satisfies AccessToken;
    },
  };
  return { credential, calls, fail: (error: Error) => (failNext = error) };
}

describe('createAzureEntraAuthorizer', () => {
  it('fetches one token for many concurrent requests, for the Cognitive Services scope, and reuses it', async () => {
    const clock = { now: 1_000_000 };
    const { credential, calls } = scriptedCredential(clock);
    const authorize = createAzureEntraAuthorizer(credential, {
      now: () => clock.now,
      providerId: 'az',
      kind: 'default',
    });
    const headers = await Promise.all([authorize(request), authorize(request), authorize(request)]);
    expect(headers).toEqual(Array(3).fill({ authorization: 'Bearer token-1' }));
    clock.now += 50 * 60_000;
    expect(await authorize(request)).toEqual({ authorization: 'Bearer token-1' });
    expect(calls).toEqual([[COGNITIVE_SERVICES_SCOPE]]);
  });

  it('refreshes shortly before expiry, not per request', async () => {
    const clock = { now: 0 };
    const { credential, calls } = scriptedCredential(clock);
    const authorize = createAzureEntraAuthorizer(credential, {
      now: () => clock.now,
      providerId: 'az',
      kind: 'default',
    });
    await authorize(request);
    clock.now = 56 * 60_000;
    expect(await authorize(request)).toEqual({ authorization: 'Bearer token-2' });
    expect(calls).toHaveLength(2);
  });

  it('keeps using a still-valid token when a refresh fails, then fails with MMX_CREDENTIALS_UNAVAILABLE', async () => {
    const clock = { now: 0 };
    const { credential, fail } = scriptedCredential(clock);
    const authorize = createAzureEntraAuthorizer(credential, {
      now: () => clock.now,
      providerId: 'az',
      kind: 'client_secret',
    });
    await authorize(request);
    clock.now = 58 * 60_000;
    fail(new Error('AADSTS7000215: Invalid client secret provided.'));
    expect(await authorize(request)).toEqual({ authorization: 'Bearer token-1' });
    clock.now = 61 * 60_000;
    fail(new Error('AADSTS7000215: Invalid client secret provided.'));
    await expect(authorize(request)).rejects.toMatchObject({
      code: 'MMX_CREDENTIALS_UNAVAILABLE',
      providerId: 'az',
      message: expect.stringContaining('client_secret'),
    });
  });

  it('fails with MMX_CREDENTIALS_UNAVAILABLE when no token can be had at all', async () => {
    const credential: TokenCredential = { getToken: async () => null };
    const authorize = createAzureEntraAuthorizer(credential, {
      now: Date.now,
      providerId: 'az',
      kind: 'default',
    });
    await expect(authorize(request)).rejects.toMatchObject({ code: 'MMX_CREDENTIALS_UNAVAILABLE' });
  });
});
