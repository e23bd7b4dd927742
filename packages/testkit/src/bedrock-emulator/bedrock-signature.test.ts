import { createHash } from 'node:crypto';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BedrockEmulator, startBedrockEmulator } from './bedrock-emulator.js';

const MODEL = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const API_KEY = 'ABSKQmVkcm9ja0FQSUtleS1lbXVsYXRvcg==';
const messages = [{ role: 'user' as const, content: [{ text: 'Weather in Paris?' }] }];

let emulator: BedrockEmulator;

function clientWith(
  options: Partial<ConstructorParameters<typeof BedrockRuntimeClient>[0]> = {},
): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    maxAttempts: 1,
    credentials: CREDENTIALS,
    requestHandler: new NodeHttpHandler(),
    ...options,
  });
}

beforeAll(async () => {
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  emulator = await startBedrockEmulator({ credentials: CREDENTIALS, apiKey: API_KEY });
});

afterEach(() => emulator.reset());

afterAll(async () => {
  await emulator.close();
  vi.unstubAllEnvs();
});

async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

describe('SigV4 verification', () => {
  it('accepts the SDK signature for Converse (model id with %3A, double-encoded in the canonical request)', async () => {
    const response = await clientWith().send(new ConverseCommand({ modelId: MODEL, messages }));
    expect(response.$metadata.httpStatusCode).toBe(200);
    expect(emulator.requests[0]).toMatchObject({ signatureValid: true, modelId: MODEL });
  });

  it('accepts the SDK signature for ConverseStream, for an ARN and with a session token', async () => {
    const arn =
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0';
    const client = clientWith({ credentials: { ...CREDENTIALS, sessionToken: 'session-token-1' } });
    const response = await client.send(new ConverseStreamCommand({ modelId: arn, messages }));
    for await (const _event of response.stream!) {
      // drain
    }
    const [request] = emulator.requests;
    expect(request!.signatureValid).toBe(true);
    expect(request!.headers['x-amz-security-token']).toBe('session-token-1');
    expect(String(request!.headers.authorization)).toMatch(/SignedHeaders=[^,]*x-amz-security-token/);
  });

  /** A client whose requests get `Paris` replaced by `Rome!` after signing (same length), optionally fixing the hash. */
  function tamperingClient(fixContentHash: boolean): BedrockRuntimeClient {
    const client = clientWith();
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body: Uint8Array | string; headers: Record<string, string> };
        const sent = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
        const body = sent.replace('Paris', 'Rome!');
        request.body = Buffer.from(body);
        if (fixContentHash)
          request.headers['x-amz-content-sha256'] = createHash('sha256').update(body).digest('hex');
        return next(args);
      },
      { step: 'deserialize', priority: 'low', name: 'tamperBody' },
    );
    return client;
  }

  it.each([
    ['with the signed x-amz-content-sha256', false, /x-amz-content-sha256/],
    ['with a matching x-amz-content-sha256', true, /^The request signature we calculated does not match/],
  ])('rejects a tampered body %s: 403 InvalidSignatureException', async (_name, fixContentHash, message) => {
    const error = await rejection(
      tamperingClient(fixContentHash).send(new ConverseCommand({ modelId: MODEL, messages })),
    );
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.message).toMatch(message);
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(emulator.requests[0]!.signatureValid).toBe(false);
    expect(emulator.requests[0]!.rawBody).toContain('Rome!');
  });

  it('rejects a wrong secret with 403 InvalidSignatureException and a wrong key id with UnrecognizedClientException', async () => {
    const wrongSecret = await rejection(
      clientWith({ credentials: { ...CREDENTIALS, secretAccessKey: 'other' } }).send(
        new ConverseCommand({ modelId: MODEL, messages }),
      ),
    );
    expect(wrongSecret.name).toBe('InvalidSignatureException');
    expect(wrongSecret.message).toMatch(/^The request signature we calculated does not match/);
    const wrongKey = await rejection(
      clientWith({ credentials: { ...CREDENTIALS, accessKeyId: 'AKIDOTHER' } }).send(
        new ConverseCommand({ modelId: MODEL, messages }),
      ),
    );
    expect(wrongKey.name).toBe('UnrecognizedClientException');
    expect(wrongKey.$metadata?.httpStatusCode).toBe(403);
    expect(emulator.requests.map((request) => request.signatureValid)).toEqual([false, false]);
  });

  it('rejects a signature scoped to another region', async () => {
    const error = await rejection(
      clientWith({ region: 'eu-west-1' }).send(new ConverseCommand({ modelId: MODEL, messages })),
    );
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.message).toMatch(/region/);
  });

  it('does not take a queued scenario for a rejected request', async () => {
    emulator.enqueue({ kind: 'error', status: 429, message: 'queued' });
    await rejection(
      clientWith({ credentials: { ...CREDENTIALS, secretAccessKey: 'other' } }).send(
        new ConverseCommand({ modelId: MODEL, messages }),
      ),
    );
    const error = await rejection(clientWith().send(new ConverseCommand({ modelId: MODEL, messages })));
    expect(error.name).toBe('ThrottlingException');
  });
});

describe('Bedrock API keys', () => {
  it('accepts the SDK with a bearer token (authorization: Bearer <key>, no SigV4)', async () => {
    const client = clientWith({ token: { token: API_KEY }, authSchemePreference: ['httpBearerAuth'] });
    const response = await client.send(new ConverseCommand({ modelId: MODEL, messages }));
    expect(response.$metadata.httpStatusCode).toBe(200);
    const [request] = emulator.requests;
    expect(request!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request!.headers['x-amz-date']).toBeUndefined();
    expect(request!.signatureValid).toBeUndefined();
  });

  it('rejects a wrong key and a missing authorization header with 403', async () => {
    const wrong = await fetch(`${emulator.url}/model/m/converse`, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
      body: JSON.stringify({ messages }),
    });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('x-amzn-errortype')).toBe(
      'UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/',
    );
    const missing = await fetch(`${emulator.url}/model/m/converse`, {
      method: 'POST',
      body: JSON.stringify({ messages }),
    });
    expect(missing.status).toBe(403);
    expect(missing.headers.get('x-amzn-errortype')).toMatch(/^MissingAuthenticationTokenException:/);
    expect(await missing.json()).toEqual({ message: 'Missing Authentication Token' });
  });
});

describe('without credentials', () => {
  it('accepts unsigned requests and records no signatureValid', async () => {
    const open = await startBedrockEmulator();
    try {
      const response = await fetch(`${open.url}/model/m/converse`, {
        method: 'POST',
        body: JSON.stringify({ messages }),
      });
      expect(response.status).toBe(200);
      expect(open.requests[0]!.signatureValid).toBeUndefined();
    } finally {
      await open.close();
    }
  });
});
