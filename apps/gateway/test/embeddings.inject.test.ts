import { type EmbedResult, UpstreamError } from '@modelmux/core';
import { createFakeProviderPlugin, validateOpenAiSchema } from '@modelmux/testkit';
import type { FastifyInstance } from 'fastify';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';

const dispatcher = new MockAgent();
dispatcher.disableNetConnect();

const vectors = (count: number): EmbedResult => ({
  embeddings: Array.from({ length: count }, (_, index) => [index, 0.5]),
  usage: { inputTokens: count * 2 },
  warnings: [{ type: 'unsupported', feature: 'dimensions', detail: 'fixed-size model' }],
});

let failWith: Error | undefined;
const fake = createFakeProviderPlugin({
  scripts: {
    chatty: { generate: { content: [], finishReason: { unified: 'stop' }, usage: {}, warnings: [] } },
  },
  embeddings: {
    embed: (request) => {
      if (failWith !== undefined) throw failWith;
      return vectors(request.inputs.length);
    },
  },
});

const config = parseGatewayConfig({
  server: { log_level: 'silent' },
  providers: { mock: { type: 'fake' } },
  models: { 'my-embed': { targets: ['mock:embed'] } },
  embeddings: { max_inputs: 3 },
});

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  failWith = undefined;
});

function embed(payload: unknown) {
  app = buildApp({ config, providerPlugins: [fake as never], dispatcher, logger: false });
  return app.inject({ method: 'POST', url: '/v1/embeddings', payload: payload as Record<string, unknown> });
}

describe('POST /v1/embeddings', () => {
  it('returns OpenAI’s list for an alias, with the provider’s warnings in a header', async () => {
    const response = await embed({ model: 'my-embed', input: ['a', 'b'], dimensions: 64 });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0, 0.5] },
        { object: 'embedding', index: 1, embedding: [1, 0.5] },
      ],
      model: 'my-embed',
      usage: { prompt_tokens: 4, total_tokens: 4 },
    });
    expect(validateOpenAiSchema('CreateEmbeddingResponse', response.json())).toEqual([]);
    expect(JSON.parse(String(response.headers['x-modelmux-warnings']))).toEqual([
      { type: 'unsupported', feature: 'dimensions', detail: 'fixed-size model' },
    ]);
    expect(fake.embedRequests.get('mock:embed')?.at(-1)).toEqual({ inputs: ['a', 'b'], dimensions: 64 });
  });

  it('answers base64 when asked and tells the provider the client takes float32', async () => {
    const response = await embed({ model: 'mock:embed', input: 'a', encoding_format: 'base64' });
    expect(response.statusCode).toBe(200);
    const bytes = Buffer.from(response.json().data[0].embedding, 'base64');
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([0, 0.5]);
    expect(fake.embedRequests.get('mock:embed')?.at(-1)).toMatchObject({ acceptsFloat32Vectors: true });
  });

  it('refuses more inputs than the configured maximum with a 400 in OpenAI’s shape', async () => {
    const response = await embed({ model: 'my-embed', input: ['a', 'b', 'c', 'd'] });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        message: expect.stringContaining('at most 3'),
        type: 'invalid_request_error',
        param: 'input',
        code: 'MMX_REQUEST_INVALID',
      },
    });
  });

  it('gives a 400 for a malformed body, and the gateway keeps serving', async () => {
    const response = await embed({ model: 'my-embed', input: [1, 'x'] });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.param).toBe('input');
    const again = await app!.inject({
      method: 'POST',
      url: '/v1/embeddings',
      payload: { model: 'my-embed', input: 'ok' },
    });
    expect(again.statusCode).toBe(200);
  });

  it('names a model without embeddings and an unknown model', async () => {
    const chatOnly = await embed({ model: 'mock:chatty', input: 'a' });
    expect(chatOnly.statusCode).toBe(404);
    expect(chatOnly.json().error.code).toBe('MMX_MODEL_KIND_UNSUPPORTED');
    const unknown = await app!.inject({
      method: 'POST',
      url: '/v1/embeddings',
      payload: { model: 'nope', input: 'a' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('model_not_found');
  });

  it('maps an upstream failure to its status, with Retry-After', async () => {
    failWith = new UpstreamError({ statusCode: 429, message: 'slow down', retryAfterMs: 1500 });
    const response = await embed({ model: 'my-embed', input: 'a' });
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('2');
    expect(response.json().error).toMatchObject({
      type: 'rate_limit_error',
      code: 'MMX_UPSTREAM_RATE_LIMITED',
    });
  });
});
