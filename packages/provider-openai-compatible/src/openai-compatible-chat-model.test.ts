import type { CallContext, ChatRequest } from '@modelmux/core';
import { MockAgent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openAICompatiblePlugin } from './openai-compatible-plugin.js';

const ORIGIN = 'http://upstream.test';
const agent = new MockAgent();
agent.disableNetConnect();
const upstream = agent.get(ORIGIN);
afterEach(() => agent.assertNoPendingInterceptors());
afterAll(() => agent.close());

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const context = (): CallContext => ({
  signal: new AbortController().signal,
  requestId: 'r1',
  logger,
  extraHeaders: { 'x-request-id': 'r1' },
});

function model(settings: Record<string, unknown> = {}, env: Record<string, string> = {}) {
  const parsed = openAICompatiblePlugin.settingsSchema.parse({ base_url: `${ORIGIN}/v1/`, ...settings });
  return openAICompatiblePlugin.create(parsed, { id: 'local', dispatcher: agent, logger, now: Date.now, env })
    .chatModel!('llama-3');
}

const request: ChatRequest = {
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  providerOptions: {
    'openai-compatible': { extra_body: { chat_template_kwargs: { enable_thinking: false } } },
    other: { ignored: true },
  },
};

describe('OpenAICompatibleChatModel', () => {
  it('posts the converted body with the bearer key from env, configured headers and the request id', async () => {
    let seen: { body: unknown; headers: Record<string, string> } | undefined;
    upstream.intercept({ path: '/v1/chat/completions', method: 'POST' }).reply(
      200,
      (options) => {
        seen = { body: JSON.parse(String(options.body)), headers: options.headers as Record<string, string> };
        return { id: 'x', choices: [{ message: { content: 'yo' }, finish_reason: 'stop' }] };
      },
      { headers: { 'x-request-id': 'up-1' } },
    );
    const result = await model(
      { api_key: { env: 'VLLM_KEY' }, headers: { 'X-Tenant': 'a' } },
      { VLLM_KEY: 'k-123' },
    ).generate(request, context());
    expect(seen?.body).toEqual({
      model: 'llama-3',
      messages: [{ role: 'user', content: 'hi' }],
      chat_template_kwargs: { enable_thinking: false },
    });
    expect(seen?.headers).toMatchObject({
      authorization: 'Bearer k-123',
      'x-tenant': 'a',
      'x-request-id': 'r1',
      'content-type': 'application/json',
      'user-agent': expect.stringMatching(/^modelmux\/provider-openai-compatible\//),
    });
    expect(result).toMatchObject({
      id: 'x',
      content: [{ type: 'text', text: 'yo' }],
      upstream: { requestId: 'up-1' },
    });
  });

  it('rejects unknown provider options as an invalid request', async () => {
    await expect(
      model().generate(
        { ...request, providerOptions: { 'openai-compatible': { extra_bdy: {} } } },
        context(),
      ),
    ).rejects.toMatchObject({
      code: 'MMX_REQUEST_PROVIDER_OPTIONS_INVALID',
      param: 'provider_options.openai-compatible.extra_bdy',
    });
  });

  it('asks for usage in streams and rejects HTTP errors before any event', async () => {
    let body: Record<string, unknown> | undefined;
    upstream.intercept({ path: '/v1/chat/completions', method: 'POST' }).reply(503, (options) => {
      body = JSON.parse(String(options.body));
      return { error: { message: 'overloaded' } };
    });
    await expect(model().stream(request, context())).rejects.toMatchObject({
      code: 'MMX_UPSTREAM_OVERLOADED',
      providerId: 'local',
      modelId: 'llama-3',
    });
    expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });
});
