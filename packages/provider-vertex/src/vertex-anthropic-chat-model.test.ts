import type { CallContext } from '@modelmux/core';
import { MockAgent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { vertexPlugin } from './vertex-plugin.js';

const agent = new MockAgent();
agent.disableNetConnect();
const upstream = agent.get('https://us-east5-aiplatform.googleapis.com');
afterEach(() => agent.assertNoPendingInterceptors());
afterAll(() => agent.close());

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const context = (): CallContext => ({ signal: new AbortController().signal, requestId: 'r1', logger });
const PATH =
  '/v1/projects/my-proj/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict';

function model(settings: Record<string, unknown> = {}) {
  const parsed = vertexPlugin.settingsSchema.parse({
    project: 'my-proj',
    region: 'us-east5',
    credentials: { type: 'access_token', token: 'ya29.secret-token-value' },
    ...settings,
  });
  return vertexPlugin.create(parsed, { id: 'vertex', dispatcher: agent, logger, now: Date.now, env: {} })
    .chatModel!('claude-sonnet-4-5@20250929');
}

describe('VertexAnthropicChatModel', () => {
  it('posts the Messages body with anthropic_version and without model, authorised, with the beta header', async () => {
    let seen: { body: unknown; headers: Record<string, string> } | undefined;
    upstream.intercept({ path: PATH, method: 'POST' }).reply(200, (options) => {
      seen = { body: JSON.parse(String(options.body)), headers: options.headers as Record<string, string> };
      return {
        id: 'msg_1',
        content: [{ type: 'text', text: 'hi' }],
        stop_reason: 'end_turn',
        usage: { input_tokens: 1, output_tokens: 1 },
      };
    });
    const result = await model({
      models: { 'claude-sonnet-4-5@20250929': { max_output_tokens: 333, temperature: 0.3 } },
    }).generate(
      {
        messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }],
        providerOptions: { vertex: { anthropic_beta: ['context-1m-2025-08-07'] } },
      },
      context(),
    );
    expect(seen?.body).toEqual({
      anthropic_version: 'vertex-2023-10-16',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }],
      max_tokens: 333,
      temperature: 0.3,
    });
    expect(seen?.headers).toMatchObject({
      authorization: 'Bearer ya29.secret-token-value',
      'content-type': 'application/json',
      'anthropic-beta': 'context-1m-2025-08-07',
    });
    expect(result.content).toEqual([{ type: 'text', text: 'hi' }]);
  });

  it('uses the provider default max_tokens when neither the request nor the model sets one', async () => {
    let body: Record<string, unknown> | undefined;
    upstream.intercept({ path: PATH, method: 'POST' }).reply(200, (options) => {
      body = JSON.parse(String(options.body));
      return { content: [], stop_reason: 'end_turn' };
    });
    await model({ default_max_output_tokens: 2048 }).generate(
      { messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] },
      context(),
    );
    expect(body?.max_tokens).toBe(2048);
  });

  it('maps a Google-shaped 403 to MMX_UPSTREAM_AUTH and keeps the token out of the error', async () => {
    upstream.intercept({ path: PATH, method: 'POST' }).reply(403, {
      error: {
        code: 403,
        message: 'Permission denied for token ya29.secret-token-value',
        status: 'PERMISSION_DENIED',
      },
    });
    const error = await model()
      .generate({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] }, context())
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      code: 'MMX_UPSTREAM_AUTH',
      httpStatus: 502,
      upstreamCode: 'PERMISSION_DENIED',
    });
    expect(
      JSON.stringify([(error as Error).message, (error as { responseBody?: string }).responseBody]),
    ).not.toContain('secret-token-value');
  });

  it('rejects unknown provider options', async () => {
    await expect(
      model().generate(
        {
          messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
          providerOptions: { vertex: { thinking: 1 } },
        },
        context(),
      ),
    ).rejects.toMatchObject({
      code: 'MMX_REQUEST_PROVIDER_OPTIONS_INVALID',
      param: 'provider_options.vertex.thinking',
    });
  });

  it('refuses a non-Claude, non-Gemini model id', () => {
    const provider = vertexPlugin.create(
      vertexPlugin.settingsSchema.parse({
        project: 'p',
        credentials: { type: 'access_token', token: 'tkn-123456' },
      }),
      { id: 'vertex', dispatcher: agent, logger, now: Date.now, env: {} },
    );
    expect(() => provider.chatModel!('llama-3')).toThrow(
      expect.objectContaining({ code: 'MMX_MODEL_KIND_UNSUPPORTED' }),
    );
  });
});

describe('image URLs', () => {
  const withImage = {
    messages: [
      {
        role: 'user' as const,
        content: [
          {
            type: 'image' as const,
            source: { kind: 'url' as const, url: 'http://169.254.169.254/latest/meta-data' },
          },
        ],
      },
    ],
  };

  it('are refused with a 400 when downloads are off (the default)', async () => {
    await expect(model().generate(withImage, context())).rejects.toMatchObject({
      code: 'MMX_REQUEST_INVALID',
      message: expect.stringContaining('image_download.enabled'),
    });
  });

  it('are fetched only when allowed, and never from private or link-local addresses', async () => {
    await expect(
      model({ image_download: { enabled: true } }).generate(withImage, context()),
    ).rejects.toMatchObject({
      code: 'MMX_REQUEST_INVALID',
      message: expect.stringContaining('private, loopback and link-local addresses are refused'),
    });
  });
});
