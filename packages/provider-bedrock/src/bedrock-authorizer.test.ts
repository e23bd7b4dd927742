import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsonResponseHandler, postJson } from '@modelmux/core/http';
import { MockAgent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBedrockAuthorizer, memoizeAwsCredentials } from './bedrock-authorizer.js';
import { createBedrockFailedResponseHandler } from './bedrock-error.js';
import { signBedrockRequest } from './sign-bedrock-request.js';

const NOW = Date.parse('2026-08-01T12:00:00Z');
const request = {
  method: 'POST',
  url: 'https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.titan-embed-text-v2%3A0/invoke',
  headers: { 'content-type': 'application/json' },
  body: '{"inputText":"hello"}',
};
const keys = {
  type: 'keys' as const,
  access_key_id: 'AKIDEXAMPLE',
  secret_access_key: { env: 'AWS_SECRET' },
};
const env = { AWS_SECRET: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('createBedrockAuthorizer', () => {
  it('sends a Bedrock API key as a bearer token', async () => {
    const authorize = createBedrockAuthorizer(
      { region: 'us-east-1', credentials: { type: 'api_key', key: { env: 'KEY' } } },
      { env: { KEY: 'bedrock-api-key-1' }, providerId: 'b' },
    );
    expect(await authorize(request)).toEqual({ authorization: 'Bearer bedrock-api-key-1' });
  });

  it.each([
    [
      { type: 'api_key' as const, key: 'k' },
      { role_arn: 'arn:aws:iam::123456789012:role/r', session_name: 'modelmux' },
      'assume_role',
    ],
    [{ type: 'api_key' as const, key: { env: 'UNSET' } }, undefined, 'credentials.key'],
    [{ ...keys, secret_access_key: { env: 'UNSET' } }, undefined, 'credentials.secret_access_key'],
  ])('fails at boot with a ConfigError (%#)', (credentials, assumeRole, path) => {
    expect(() =>
      createBedrockAuthorizer(
        { region: 'us-east-1', credentials, assume_role: assumeRole },
        { env: {}, providerId: 'b' },
      ),
    ).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path })] }));
  });

  it('signs with static keys at the injected clock', async () => {
    const authorize = createBedrockAuthorizer(
      { region: 'us-east-1', credentials: keys },
      { env, providerId: 'b', now: () => NOW },
    );
    expect(await authorize(request)).toEqual(
      await signBedrockRequest(request, {
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: env.AWS_SECRET },
        signingDate: new Date(NOW),
      }),
    );
  });

  it('signs exactly the body postJson sends', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const authorize = createBedrockAuthorizer(
      { region: 'us-east-1', credentials: keys },
      { env, providerId: 'b', now: () => NOW },
    );
    let seen: { body: string; headers: Record<string, string> } | undefined;
    agent
      .get('https://bedrock-runtime.us-east-1.amazonaws.com')
      .intercept({ path: '/model/amazon.titan-embed-text-v2%3A0/invoke', method: 'POST' })
      .reply(200, (options) => {
        seen = { body: String(options.body), headers: options.headers as Record<string, string> };
        return { embedding: [1] };
      });
    await postJson({
      url: request.url,
      headers: { 'content-type': 'application/json' },
      body: { inputText: 'héllo', dimensions: 256 },
      dispatcher: agent,
      authorize,
      successfulResponseHandler: createJsonResponseHandler(z.unknown()),
      failedResponseHandler: createBedrockFailedResponseHandler(),
    });
    await agent.close();
    if (seen === undefined) throw new Error('nothing sent');
    expect(seen.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(seen.body).digest('hex'));
    const resigned = await signBedrockRequest(
      { ...request, body: seen.body },
      {
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: env.AWS_SECRET },
        signingDate: new Date(NOW),
      },
    );
    expect(seen.headers.authorization).toBe(resigned.authorization);
  });

  describe('with the standard AWS chain and STS', () => {
    const saved = { ...process.env };
    let folder = '';
    let stsCalls: URLSearchParams[] = [];
    let stsFails = false;
    let expiration = '2026-08-01T13:00:00Z';
    const sts = createServer((incoming, response) => {
      let text = '';
      incoming.on('data', (chunk) => (text += chunk));
      incoming.on('end', () => {
        const form = new URLSearchParams(text);
        stsCalls.push(form);
        expect(incoming.headers.authorization).toMatch(
          /Credential=AKIDPROFILE\/\d+\/eu-west-1\/sts\/aws4_request/,
        );
        if (stsFails) {
          response.writeHead(403, { 'content-type': 'text/xml' });
          response.end(
            '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error><RequestId>r</RequestId></ErrorResponse>',
          );
          return;
        }
        response.writeHead(200, { 'content-type': 'text/xml' });
        response.end(
          `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE${stsCalls.length}</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token-${stsCalls.length}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/modelmux</Arn><AssumedRoleId>AROA:modelmux</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>`,
        );
      });
    });

    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), 'modelmux-aws-'));
      await writeFile(
        join(folder, 'credentials'),
        '[modelmux-test]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n',
      );
      await writeFile(join(folder, 'config'), '');
      await new Promise<void>((resolve) => sts.listen(0, '127.0.0.1', resolve));
      for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
      process.env.AWS_SHARED_CREDENTIALS_FILE = join(folder, 'credentials');
      process.env.AWS_CONFIG_FILE = join(folder, 'config');
      process.env.AWS_EC2_METADATA_DISABLED = 'true';
      process.env.AWS_ENDPOINT_URL_STS = `http://127.0.0.1:${(sts.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      process.env = saved;
      await new Promise((resolve) => sts.close(resolve));
      await rm(folder, { recursive: true, force: true });
    });

    afterEach(() => {
      stsCalls = [];
      stsFails = false;
    });

    it('signs with the profile the chain finds', async () => {
      const authorize = createBedrockAuthorizer(
        { region: 'us-east-1', credentials: { type: 'default', profile: 'modelmux-test' } },
        { env: {}, providerId: 'b', now: () => NOW },
      );
      expect((await authorize(request)).authorization).toContain('Credential=AKIDPROFILE/20260801/');
    });

    it('turns a chain that finds nothing into MMX_CREDENTIALS_UNAVAILABLE', async () => {
      const authorize = createBedrockAuthorizer(
        { region: 'us-east-1', credentials: { type: 'default', profile: 'no-such-profile' } },
        { env: {}, providerId: 'b', now: () => NOW },
      );
      await expect(authorize(request)).rejects.toMatchObject({
        code: 'MMX_CREDENTIALS_UNAVAILABLE',
        retryable: true,
        providerId: 'b',
      });
    });

    it('assumes the role once, reuses it until five minutes before expiry, and signs with its token', async () => {
      let now = NOW;
      const authorize = createBedrockAuthorizer(
        {
          region: 'eu-west-1',
          credentials: { type: 'default', profile: 'modelmux-test' },
          assume_role: {
            role_arn: 'arn:aws:iam::123456789012:role/r',
            session_name: 'modelmux',
            external_id: 'ext-1',
          },
        },
        { env: {}, providerId: 'b', now: () => now },
      );
      const [first, second] = await Promise.all([authorize(request), authorize(request)]);
      expect(first).toMatchObject({ 'x-amz-security-token': 'role-token-1' });
      expect(first.authorization).toContain('Credential=ASIAROLE1/20260801/eu-west-1/bedrock/aws4_request');
      expect(second).toEqual(first);
      expect(stsCalls).toHaveLength(1);
      expect(Object.fromEntries(stsCalls[0] ?? [])).toMatchObject({
        Action: 'AssumeRole',
        RoleArn: 'arn:aws:iam::123456789012:role/r',
        RoleSessionName: 'modelmux',
        ExternalId: 'ext-1',
      });
      now = Date.parse('2026-08-01T12:56:00Z');
      expect(await authorize(request)).toMatchObject({ 'x-amz-security-token': 'role-token-2' });
      expect(stsCalls).toHaveLength(2);
    });

    it('turns a refused AssumeRole into MMX_CREDENTIALS_UNAVAILABLE, and tries again on the next call', async () => {
      stsFails = true;
      const authorize = createBedrockAuthorizer(
        {
          region: 'eu-west-1',
          credentials: { type: 'default', profile: 'modelmux-test' },
          assume_role: { role_arn: 'arn:aws:iam::123456789012:role/r', session_name: 'modelmux' },
        },
        { env: {}, providerId: 'b', now: () => NOW },
      );
      await expect(authorize(request)).rejects.toMatchObject({ code: 'MMX_CREDENTIALS_UNAVAILABLE' });
      stsFails = false;
      expiration = '2026-08-01T14:00:00Z';
      expect(await authorize(request)).toMatchObject({ 'x-amz-security-token': 'role-token-2' });
    });
  });
});

describe('memoizeAwsCredentials', () => {
  it('keeps credentials without expiry forever and does not cache failures', async () => {
    let calls = 0;
    const provider = memoizeAwsCredentials(async () => {
      calls++;
      if (calls === 1) throw new Error('first fails');
      return { accessKeyId: 'a', secretAccessKey: 's' };
    }, Date.now);
    await expect(provider()).rejects.toThrow('first fails');
    expect(await provider()).toEqual({ accessKeyId: 'a', secretAccessKey: 's' });
    await provider();
    expect(calls).toBe(2);
  });
});
