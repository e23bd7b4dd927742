import { type ChatEvent, type ChatResult, ModelmuxError, UpstreamError } from '@modelmux/core';
import { createFakeProviderPlugin, validateOpenAiSchema } from '@modelmux/testkit';
import type { FastifyInstance } from 'fastify';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { ssePayloads } from './helpers.js';

const dispatcher = new MockAgent();
dispatcher.disableNetConnect();

const helloResult: ChatResult = {
  id: 'up-1',
  content: [{ type: 'text', text: 'Hello!' }],
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: { inputTokens: 4, outputTokens: 2 },
  warnings: [{ type: 'unsupported', feature: 'top_k', detail: 'dropped by fake' }],
};

const helloEvents: ChatEvent[] = [
  { type: 'response-start', warnings: [{ type: 'compatibility', feature: 'reasoning-history' }] },
  { type: 'text-start', blockId: 't' },
  { type: 'text-delta', blockId: 't', delta: 'Hel' },
  { type: 'text-delta', blockId: 't', delta: 'lo' },
  { type: 'text-end', blockId: 't' },
  { type: 'response-end', finishReason: { unified: 'stop' }, usage: { inputTokens: 4, outputTokens: 2 } },
];

let failWith: Error | undefined;
const fake = createFakeProviderPlugin({
  scripts: {
    hello: { generate: helloResult, stream: helloEvents },
    failing: {
      generate: async () => {
        throw failWith;
      },
      stream: async () => {
        throw failWith;
      },
    },
    'breaks-mid-stream': {
      stream: async () =>
        (async function* () {
          yield helloEvents[0]!;
          yield helloEvents[1]!;
          yield helloEvents[2]!;
          throw new TypeError('the provider has a bug');
        })(),
    },
  },
});

const config = parseGatewayConfig({
  server: { log_level: 'silent' },
  // Error-mapping tests below expect each failure once; retries are tested in the call-policy tests.
  routing: { max_retries: 0 },
  providers: { mock: { type: 'fake' } },
  models: { fast: { targets: ['mock:hello'] } },
});

let app: FastifyInstance | undefined;
function build(overrides: Partial<Parameters<typeof buildApp>[0]> = {}): FastifyInstance {
  app = buildApp({ config, providerPlugins: [fake as never], dispatcher, logger: false, ...overrides });
  return app;
}
afterEach(async () => {
  await app?.close();
  app = undefined;
  failWith = undefined;
});

function chat(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return build().inject({
    method: 'POST',
    url: '/v1/chat/completions',
    payload: { messages: [{ role: 'user', content: 'hi' }], ...body },
    headers,
  });
}

describe('boot', () => {
  it('fails ready() with a ConfigError naming the settings path', async () => {
    const broken = parseGatewayConfig({ providers: { mock: { type: 'fake', label: 7 } } });
    await expect(build({ config: broken }).ready()).rejects.toMatchObject({
      code: 'MMX_CONFIG_INVALID',
      message: expect.stringContaining('providers.mock.label'),
    });
  });

  it('fails ready() for an unknown provider type, an incompatible or a duplicate plugin', async () => {
    await expect(
      build({ config: parseGatewayConfig({ providers: { x: { type: 'nope' } } }) }).ready(),
    ).rejects.toMatchObject({ code: 'MMX_PLUGIN_UNKNOWN_TYPE' });
    await app?.close();
    const future = createFakeProviderPlugin({ name: 'future', type: 'future', core: '^2.0.0', scripts: {} });
    await expect(build({ providerPlugins: [fake as never, future as never] }).ready()).rejects.toMatchObject({
      code: 'MMX_PLUGIN_INCOMPATIBLE',
    });
    await app?.close();
    const twin = createFakeProviderPlugin({ name: 'twin', scripts: {} });
    await expect(build({ providerPlugins: [fake as never, twin as never] }).ready()).rejects.toMatchObject({
      code: 'MMX_PLUGIN_DUPLICATE',
    });
  });

  it('fails ready() when an alias points at an unknown instance', async () => {
    const broken = parseGatewayConfig({
      providers: { mock: { type: 'fake' } },
      models: { a: { targets: ['ghost:m'] } },
    });
    await expect(build({ config: broken }).ready()).rejects.toMatchObject({
      message: expect.stringContaining('models.a.targets[0]'),
    });
  });
});

describe('POST /v1/chat/completions', () => {
  it('returns a chat.completion for an alias, with warnings in a header and the request id echoed', async () => {
    const response = await chat({ model: 'fast', top_k: 3 }, { 'x-request-id': 'trace-123' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(validateOpenAiSchema('CreateChatCompletionResponse', body)).toEqual([]);
    expect(body).toMatchObject({
      id: 'chatcmpl-trace-123',
      model: 'fast',
      choices: [{ message: { content: 'Hello!' }, finish_reason: 'stop' }],
      usage: { total_tokens: 6 },
    });
    expect(response.headers['x-request-id']).toBe('trace-123');
    expect(JSON.parse(String(response.headers['x-modelmux-warnings']))).toEqual([
      { type: 'unsupported', feature: 'top_k', detail: 'dropped by fake' },
    ]);
    const call = fake.models.get('mock:hello')?.calls.at(-1);
    expect(call?.request).toMatchObject({
      topK: 3,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    });
    expect(call?.context.requestId).toBe('trace-123');
  });

  it('accepts instance:model directly', async () => {
    expect((await chat({ model: 'mock:hello' })).statusCode).toBe(200);
  });

  it('streams chat.completion.chunk frames then [DONE]', async () => {
    const response = await chat({ model: 'fast', stream: true, stream_options: { include_usage: true } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(response.headers['x-modelmux-warnings']).toContain('reasoning-history');
    const payloads = ssePayloads(response.payload);
    expect(payloads.at(-1)).toBe('[DONE]');
    const chunks = payloads.slice(0, -1).map((payload) => JSON.parse(payload));
    for (const chunk of chunks)
      expect(validateOpenAiSchema('CreateChatCompletionStreamResponse', chunk)).toEqual([]);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? null).join('')).toBe('Hello');
    expect(chunks.at(-1).usage).toEqual({ prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 });
  });

  it('turns an exception mid-stream into an error frame instead of a silent stop', async () => {
    const response = await chat({ model: 'mock:breaks-mid-stream', stream: true });
    const payloads = ssePayloads(response.payload);
    expect(payloads).not.toContain('[DONE]');
    const last = JSON.parse(payloads.at(-1)!);
    expect(validateOpenAiSchema('ErrorResponse', last)).toEqual([]);
    expect(last.error.code).toBe('MMX_UPSTREAM_INVALID_RESPONSE');
  });

  it.each([
    [
      new UpstreamError({ statusCode: 429, message: 'slow down', retryAfterMs: 2000 }),
      429,
      'rate_limit_error',
    ],
    [
      new UpstreamError({
        statusCode: 400,
        message: 'context too long',
        upstreamCode: 'context_length_exceeded',
      }),
      400,
      'invalid_request_error',
    ],
    [new UpstreamError({ statusCode: 503, message: 'busy' }), 503, 'service_unavailable_error'],
    [new UpstreamError({ statusCode: 500, message: 'boom' }), 502, 'server_error'],
    [new ModelmuxError({ code: 'MMX_UPSTREAM_TIMEOUT', message: 'too slow' }), 504, 'server_error'],
    [new ModelmuxError({ code: 'MMX_CREDENTIALS_UNAVAILABLE', message: 'no token' }), 502, 'server_error'],
    [new TypeError('a bug'), 500, 'server_error'],
  ])('maps %s from the model to %i in OpenAI error shape (stream and not)', async (error, status, type) => {
    for (const stream of [false, true]) {
      failWith = error;
      const response = await chat({ model: 'mock:failing', stream });
      expect(response.statusCode).toBe(status);
      const body = response.json();
      expect(validateOpenAiSchema('ErrorResponse', body)).toEqual([]);
      expect(body.error.type).toBe(type);
      await app?.close();
    }
  });

  it('passes Retry-After through on 429', async () => {
    failWith = new UpstreamError({ statusCode: 429, message: 'slow down', retryAfterMs: 2000 });
    const response = await chat({ model: 'mock:failing' });
    expect(response.headers['retry-after']).toBe('2');
  });

  it('answers an unknown model with 404 model_not_found', async () => {
    for (const model of ['nope', 'ghost:x']) {
      const response = await chat({ model });
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toMatchObject({
        type: 'invalid_request_error',
        code: 'model_not_found',
        message: expect.stringContaining(model),
      });
      await app?.close();
    }
  });

  it('answers invalid input with 400 naming the field', async () => {
    const response = await chat({ model: 'fast', messages: [{ role: 'user', content: 5 }] });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      type: 'invalid_request_error',
      param: 'messages[0].content',
    });
  });

  it('answers malformed JSON and oversize bodies in OpenAI error shape', async () => {
    const malformed = await build().inject({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: '{"model":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(validateOpenAiSchema('ErrorResponse', malformed.json())).toEqual([]);
    await app?.close();
    const small = parseGatewayConfig({ server: { body_limit: 100 }, providers: { mock: { type: 'fake' } } });
    const oversize = await build({ config: small }).inject({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: { model: 'mock:hello', messages: [{ role: 'user', content: 'x'.repeat(200) }] },
    });
    expect(oversize.statusCode).toBe(413);
    expect(oversize.json().error.type).toBe('invalid_request_error');
  });
});

describe('other routes', () => {
  it('lists aliases and configured models', async () => {
    const response = await build().inject({ method: 'GET', url: '/v1/models' });
    expect(validateOpenAiSchema('ListModelsResponse', response.json())).toEqual([]);
    expect(response.json().data.map((model: { id: string }) => model.id)).toEqual([
      'fast',
      'mock:hello',
      'mock:failing',
      'mock:breaks-mid-stream',
    ]);
  });

  it('serves /healthz and /readyz', async () => {
    const target = build();
    expect((await target.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await target.inject({ url: '/readyz' })).json()).toMatchObject({ status: 'ready' });
  });

  it('answers unknown routes with 404 in OpenAI error shape', async () => {
    const response = await build().inject({ method: 'POST', url: '/v1/nothing' });
    expect(response.statusCode).toBe(404);
    expect(validateOpenAiSchema('ErrorResponse', response.json())).toEqual([]);
  });
});
