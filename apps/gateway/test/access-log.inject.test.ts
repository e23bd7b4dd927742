import { type ChatEvent, type ChatResult, UpstreamError } from '@modelmux/core';
import { createFakeProviderPlugin } from '@modelmux/testkit';
import type { FastifyInstance } from 'fastify';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { registerCredentials } from './log-capture/log-capture.js';

// The access line (one per request) and what error lines may show: credentials planted in upstream errors' URLs,
// headers, bodies and causes, and in the client's query string, never reach a log line.

const dispatcher = new MockAgent();
dispatcher.disableNetConnect();

/** Credentials planted below; the suite-wide scan checks this file's lines for them too. */
const PLANTED = {
  queryKey: 'AIzaPlantedQueryKey0123456789abcdef',
  sasSig: 'planted-sas-signature-0001',
  bearer: 'ya29.planted-google-access-token-0002',
  azureKey: 'planted-azure-api-key-0003',
  awsSession: 'planted-aws-session-token-0004',
  awsSecret: 'planted-aws-secret-key-0005',
  clientQueryKey: 'planted-client-query-key-0006',
  gatewayKey: 'sk-access-log-gateway-key-0007',
};
registerCredentials(Object.values(PLANTED));

const hello: ChatResult = {
  content: [{ type: 'text', text: 'Hello!' }],
  finishReason: { unified: 'stop' },
  usage: { inputTokens: 7, outputTokens: 3 },
  warnings: [],
};

/** An SDK-style error that carries the request it failed on, credentials and all. */
function sdkError(): Error {
  return Object.assign(
    new Error(
      `request to https://oauth2.googleapis.com/token?key=${PLANTED.queryKey} failed, reason: socket hang up`,
    ),
    {
      code: 'ECONNRESET',
      config: {
        url: `https://acct.blob.core.windows.net/c/b?sv=2024-05-04&sig=${PLANTED.sasSig}`,
        headers: {
          Authorization: `Bearer ${PLANTED.bearer}`,
          'api-key': PLANTED.azureKey,
          'X-Amz-Security-Token': PLANTED.awsSession,
        },
        body: JSON.stringify({ secret_access_key: PLANTED.awsSecret }),
      },
    },
  );
}

function upstreamError(): UpstreamError {
  return new UpstreamError({
    statusCode: 502,
    message: `Bad gateway from https://generativelanguage.googleapis.com/v1/models?key=${PLANTED.queryKey}`,
    url: `https://example.openai.azure.com/openai/deployments/x/chat/completions?api-key=${PLANTED.azureKey}&sig=${PLANTED.sasSig}`,
    responseBody: `{"error":"invalid token","echo":"Authorization: Bearer ${PLANTED.bearer}","api_key":"${PLANTED.azureKey}"}`,
    cause: sdkError(),
  });
}

const fake = createFakeProviderPlugin({
  scripts: {
    hello: { generate: hello },
    'upstream-fails': {
      generate: async () => {
        throw upstreamError();
      },
    },
    'sdk-throws': {
      generate: async () => {
        throw sdkError();
      },
    },
    'stream-fails': {
      stream: [
        { type: 'response-start', warnings: [] },
        { type: 'error', error: upstreamError() },
      ] satisfies ChatEvent[],
    },
  },
});

const config = parseGatewayConfig({
  server: { log_level: 'info' },
  providers: { mock: { type: 'fake' } },
  models: {
    fast: { targets: ['mock:hello'] },
    'falls-back': {
      targets: ['mock:upstream-fails', 'mock:hello'],
      routing: { max_retries: 1, backoff_initial_ms: 1 },
    },
  },
  auth: { keys: [{ name: 'logged', key: PLANTED.gatewayKey }] },
});

let app: FastifyInstance | undefined;
let lines: string[] = [];
afterEach(async () => {
  await app?.close();
  app = undefined;
  lines = [];
});

function build(): FastifyInstance {
  app = buildApp({
    config,
    providerPlugins: [fake as never],
    dispatcher,
    logStream: { write: (line) => lines.push(line) },
  });
  return app;
}

function chat(
  model: string,
  options: { url?: string; headers?: Record<string, string>; stream?: boolean } = {},
) {
  return (app ?? build()).inject({
    method: 'POST',
    url: options.url ?? '/v1/chat/completions',
    headers: { authorization: `Bearer ${PLANTED.gatewayKey}`, ...options.headers },
    payload: { model, stream: options.stream ?? false, messages: [{ role: 'user', content: 'hi' }] },
  });
}

function parsed(): Array<Record<string, unknown>> {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

function accessLines(): Array<Record<string, unknown>> {
  return parsed().filter((line) => line.msg === 'request completed');
}

function expectNoPlantedCredential(): void {
  const text = lines.join('\n');
  for (const [name, secret] of Object.entries(PLANTED)) {
    expect(text.includes(secret), `${name} is in a log line`).toBe(false);
    expect(text.includes(encodeURIComponent(secret)), `${name} (URL-encoded) is in a log line`).toBe(false);
  }
}

describe('the access line', () => {
  it('is one JSON line per request: request id (the client’s), key, model, target, status, tokens and timings', async () => {
    const response = await chat('fast', { headers: { 'x-request-id': 'client-req-42' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-request-id']).toBe('client-req-42');
    const access = accessLines();
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      level: 30,
      reqId: 'client-req-42',
      method: 'POST',
      url: '/v1/chat/completions',
      key: 'logged',
      model: 'fast',
      target: 'mock:hello',
      status: 200,
      inputTokens: 7,
      outputTokens: 3,
      outcome: 'completed',
      durationMs: expect.any(Number),
      firstByteMs: expect.any(Number),
      overheadMs: expect.any(Number),
      attempts: 1,
    });
  });

  it('makes up a request id when the client’s is unusable', async () => {
    await chat('fast', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(accessLines()[0]?.reqId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports the attempts of the call policy and the target that answered', async () => {
    const response = await chat('falls-back');
    expect(response.statusCode).toBe(200);
    // A retry of the failing target, then the fallback.
    expect(accessLines()[0]).toMatchObject({ attempts: 3, target: 'mock:hello', status: 200 });
    expectNoPlantedCredential();
  });

  it('redacts credentials in the client’s query string, on API routes and unknown ones alike', async () => {
    build();
    await chat('fast', { url: `/v1/chat/completions?key=${PLANTED.clientQueryKey}&trace=on` });
    await app?.inject({ method: 'GET', url: `/v1/unknown?api-key=${PLANTED.clientQueryKey}` });
    expect(accessLines().map((line) => line.url)).toEqual([
      '/v1/chat/completions?key=[REDACTED]&trace=on',
      '/v1/unknown?api-key=[REDACTED]',
    ]);
    expectNoPlantedCredential();
  });
});

describe('error lines', () => {
  it('show an upstream error’s code, status, redacted URL and cause, and none of the credentials it carried', async () => {
    const response = await chat('mock:upstream-fails');
    expect(response.statusCode).toBe(502);
    const error = parsed().find((line) => line.level === 50);
    expect(error).toMatchObject({
      err: {
        type: 'UpstreamError',
        code: 'MMX_UPSTREAM_SERVER',
        statusCode: 502,
        url: expect.stringContaining('api-key=[REDACTED]'),
        cause: {
          type: 'Error',
          code: 'ECONNRESET',
          config: { headers: { Authorization: '[REDACTED]', 'api-key': '[REDACTED]' } },
        },
      },
    });
    expect(accessLines()[0]).toMatchObject({ status: 502, outcome: 'MMX_UPSTREAM_SERVER' });
    expectNoPlantedCredential();
  });

  it('show what a raw SDK error thrown by a provider carried, redacted', async () => {
    const response = await chat('mock:sdk-throws');
    expect(response.statusCode).toBe(500);
    const error = parsed().find((line) => line.level === 50);
    expect(error).toMatchObject({
      err: {
        code: 'MMX_INTERNAL',
        cause: { code: 'ECONNRESET', message: expect.stringContaining('socket hang up') },
      },
    });
    expectNoPlantedCredential();
  });

  it('redact an error that ends a stream the same way', async () => {
    const response = await chat('mock:stream-fails', { stream: true });
    expect(response.statusCode).toBe(200);
    expect(parsed().find((line) => line.msg === 'the upstream stream failed')).toMatchObject({
      err: {
        type: 'UpstreamError',
        cause: { config: { headers: { 'X-Amz-Security-Token': '[REDACTED]' } } },
      },
    });
    expectNoPlantedCredential();
  });
});
