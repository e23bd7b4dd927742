import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { BedrockRuntimeClient, ConverseCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bedrockModelUrl } from './bedrock-endpoint.js';
import {
  parseSignableQuery,
  signAwsRequest,
  signBedrockRequest,
  toAwsSignableRequest,
} from './sign-bedrock-request.js';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const signingDate = new Date('2026-08-01T12:00:00Z');
const endpoint = 'https://bedrock-runtime.us-east-1.amazonaws.com';
const body = '{"messages":[{"role":"user","content":[{"text":"hi"}]}]}';
const request = {
  method: 'POST',
  url: bedrockModelUrl(endpoint, 'anthropic.claude-3-haiku-20240307-v1:0', 'converse'),
  headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'modelmux/test' },
  body,
};

describe('toAwsSignableRequest', () => {
  it('keeps the encoded path as sent and adds the host undici will send', () => {
    expect(
      toAwsSignableRequest({
        ...request,
        url: 'http://127.0.0.1:8080/model/a%3Ab/invoke?x=1&y=%E1%88%B4&x=2',
      }),
    ).toMatchObject({
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 8080,
      path: '/model/a%3Ab/invoke',
      query: { x: ['1', '2'], y: 'ሴ' },
      headers: { host: '127.0.0.1:8080', 'content-type': 'application/json' },
    });
    expect(toAwsSignableRequest(request).headers.host).toBe('bedrock-runtime.us-east-1.amazonaws.com');
  });

  it('parses queries without form decoding', () => {
    expect(parseSignableQuery('?a=1+2&b&c=%zz')).toEqual({ a: '1+2', b: '', c: '%zz' });
  });
});

describe('signBedrockRequest', () => {
  it('gives a known signature at a fixed time, over the exact body', async () => {
    const headers = await signBedrockRequest(request, { region: 'us-east-1', credentials, signingDate });
    expect(headers).toEqual({
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260801/us-east-1/bedrock/aws4_request, ' +
        'SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date, ' +
        'Signature=f5f9f3dbeffce9c61007ed45f81f2447d445eb9b81eca52aa07d495801755f0f',
      'x-amz-date': '20260801T120000Z',
      'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
    });
  });

  it('matches a signature computed by hand with node:crypto from the spelled-out canonical request', async () => {
    const payloadHash = createHash('sha256').update(body).digest('hex');
    // The model id's `%3A` is encoded once more in the canonical URI (non-S3 rule); user-agent is never signed.
    const canonicalRequest = [
      'POST',
      '/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse',
      '',
      'accept:application/json',
      'content-type:application/json',
      'host:bedrock-runtime.us-east-1.amazonaws.com',
      `x-amz-content-sha256:${payloadHash}`,
      'x-amz-date:20260801T120000Z',
      '',
      'accept;content-type;host;x-amz-content-sha256;x-amz-date',
      payloadHash,
    ].join('\n');
    const stringToSign = [
      'AWS4-HMAC-SHA256',
      '20260801T120000Z',
      '20260801/us-east-1/bedrock/aws4_request',
      createHash('sha256').update(canonicalRequest).digest('hex'),
    ].join('\n');
    let key: Buffer = Buffer.from(`AWS4${credentials.secretAccessKey}`);
    for (const part of ['20260801', 'us-east-1', 'bedrock', 'aws4_request']) {
      key = createHmac('sha256', key).update(part).digest();
    }
    const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
    const headers = await signBedrockRequest(request, { region: 'us-east-1', credentials, signingDate });
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260801/us-east-1/bedrock/aws4_request, ' +
        `SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date, Signature=${signature}`,
    );
  });

  it('signs and adds the session token of temporary credentials', async () => {
    const headers = await signBedrockRequest(request, {
      region: 'eu-west-1',
      credentials: { ...credentials, sessionToken: 'session-token' },
      signingDate,
    });
    expect(headers['x-amz-security-token']).toBe('session-token');
    expect(headers.authorization).toContain('/eu-west-1/bedrock/aws4_request');
    expect(headers.authorization).toContain('x-amz-date;x-amz-security-token,');
  });

  it('changes the signature when one byte of the body changes', async () => {
    const first = await signBedrockRequest(request, { region: 'us-east-1', credentials, signingDate });
    const second = await signBedrockRequest(
      { ...request, body: body.replace('hi', 'ho') },
      { region: 'us-east-1', credentials, signingDate },
    );
    expect(second.authorization).not.toBe(first.authorization);
  });

  it('derives the signing key again when the day, region, signing name or secret changes', async () => {
    // One credentials object, as a credential provider hands it out; each signature must equal the one made with
    // a copy never seen before (a key derived from scratch).
    const reused = { ...credentials };
    const nextDay = new Date('2026-08-02T00:00:01Z');
    const cases: Array<{ region: string; service: string; date: Date; secret?: string }> = [
      { region: 'us-east-1', service: 'bedrock', date: signingDate },
      { region: 'us-east-1', service: 'bedrock', date: signingDate },
      { region: 'us-east-1', service: 'bedrock', date: nextDay },
      { region: 'us-west-2', service: 'bedrock', date: nextDay },
      { region: 'us-west-2', service: 'bedrock-mantle', date: nextDay },
      { region: 'us-west-2', service: 'bedrock-mantle', date: nextDay, secret: 'rotated-secret' },
    ];
    for (const { region, service, date, secret } of cases) {
      if (secret !== undefined) reused.secretAccessKey = secret;
      const options = { service, region, signingDate: date };
      const signable = toAwsSignableRequest(request);
      const actual = await signAwsRequest(signable, { ...options, credentials: reused });
      const expected = await signAwsRequest(signable, { ...options, credentials: { ...reused } });
      expect(actual.authorization).toBe(expected.authorization);
    }
  });

  it('signs by the options of each call with one credentials object (checksum on, off, on; another hash)', async () => {
    const reused = { ...credentials };
    const signable = toAwsSignableRequest(request);
    const options = { service: 'bedrock', region: 'us-east-1', signingDate };
    const withChecksum = await signAwsRequest(signable, { ...options, credentials: reused });
    const without = await signAwsRequest(signable, { ...options, credentials: reused, applyChecksum: false });
    const again = await signAwsRequest(signable, { ...options, credentials: reused });
    expect(withChecksum['x-amz-content-sha256']).toBe(createHash('sha256').update(body).digest('hex'));
    expect(without['x-amz-content-sha256']).toBeUndefined();
    expect(without.authorization).not.toBe(withChecksum.authorization);
    expect(again).toEqual(withChecksum);

    const hashed: string[] = [];
    class RecordingSha256 extends Sha256 {
      override update(data: Parameters<Sha256['update']>[0]): void {
        hashed.push(typeof data === 'string' ? data : 'bytes');
        super.update(data);
      }
    }
    const recorded = await signAwsRequest(signable, {
      ...options,
      credentials: reused,
      sha256: RecordingSha256,
    });
    expect(hashed.length).toBeGreaterThan(0);
    expect(recorded).toEqual(withChecksum);
  });
});

// The AWS SDK's own client sends a Converse and an InvokeModel call to a local server; re-signing the captured
// request (its headers minus authorization, its x-amz-date as the signing time) with `signAwsRequest` must give the
// SDK's authorization byte for byte. Capturing beats faking the SDK's clock: nothing depends on timing.
describe('parity with @aws-sdk/client-bedrock-runtime', () => {
  interface Captured {
    method: string;
    url: string;
    headers: IncomingHttpHeaders;
    body: string;
  }
  const captured: Captured[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      captured.push({
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(400, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'ValidationException',
      });
      response.end('{"message":"captured"}');
    });
  });
  let origin = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  async function capture(sessionToken: string | undefined, command: ConverseCommand | InvokeModelCommand) {
    const client = new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: origin,
      credentials: { ...credentials, sessionToken },
      requestHandler: new NodeHttpHandler(),
      maxAttempts: 1,
    });
    await expect(client.send(command as ConverseCommand)).rejects.toMatchObject({
      name: 'ValidationException',
    });
    client.destroy();
    const last = captured.at(-1);
    if (last === undefined) throw new Error('nothing captured');
    return last;
  }

  async function resign(sent: Captured, sessionToken?: string) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(sent.headers)) {
      if (name !== 'authorization' && typeof value === 'string') headers[name] = value;
    }
    const [path = '', search = ''] = sent.url.split('?');
    const added = await signAwsRequest(
      {
        method: sent.method,
        protocol: 'http:',
        hostname: '127.0.0.1',
        path,
        query: parseSignableQuery(search),
        headers,
        body: sent.body,
      },
      {
        service: 'bedrock',
        region: 'us-east-1',
        credentials: { ...credentials, sessionToken },
        signingDate: new Date(
          String(sent.headers['x-amz-date']).replace(
            /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
            '$1-$2-$3T$4:$5:$6Z',
          ),
        ),
      },
    );
    return added.authorization;
  }

  it.each([
    ['anthropic.claude-3-haiku-20240307-v1:0', undefined],
    [
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-v1:0',
      'token-1',
    ],
  ])('Converse on %s: same path, headers and signature', async (modelId, sessionToken) => {
    const sent = await capture(
      sessionToken,
      new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'hi' }] }] }),
    );
    // The SDK puts the model id in the path URL-encoded (`:` → %3A, `/` → %2F), as bedrockModelUrl does.
    expect(`${origin}${sent.url}`).toBe(bedrockModelUrl(origin, modelId, 'converse'));
    expect(sent.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(sent.body).digest('hex'));
    expect(sent.headers['x-amz-security-token']).toBe(sessionToken);
    expect(String(sent.headers.authorization)).toMatch(
      sessionToken === undefined
        ? /SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-user-agent,/
        : /;x-amz-date;x-amz-security-token;x-amz-user-agent,/,
    );
    expect(await resign(sent, sessionToken)).toBe(sent.headers.authorization);
  });

  it('InvokeModel (embeddings): same signature', async () => {
    const sent = await capture(
      undefined,
      new InvokeModelCommand({
        modelId: 'amazon.titan-embed-text-v2:0',
        body: '{"inputText":"hello"}',
        contentType: 'application/json',
        accept: 'application/json',
      }),
    );
    expect(sent.url).toBe('/model/amazon.titan-embed-text-v2%3A0/invoke');
    expect(await resign(sent)).toBe(sent.headers.authorization);
  });
});
