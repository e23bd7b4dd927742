import type { CallContext } from '@modelmux/core';
import { MockAgent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openAICompatiblePlugin } from './openai-compatible-plugin.js';

const ORIGIN = 'http://vllm.test';
const agent = new MockAgent();
agent.disableNetConnect();
const upstream = agent.get(ORIGIN);
afterEach(() => agent.assertNoPendingInterceptors());
afterAll(() => agent.close());

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const context = (): CallContext => ({ signal: new AbortController().signal, requestId: 'r1', logger });

function provider(settings: Record<string, unknown> = {}) {
  const parsed = openAICompatiblePlugin.settingsSchema.parse({
    base_url: `${ORIGIN}/v1`,
    api_key: 'k-1',
    passthrough: ['responses'],
    ...settings,
  });
  return openAICompatiblePlugin.create(parsed, {
    id: 'vllm',
    dispatcher: agent,
    logger,
    now: Date.now,
    env: {},
  });
}

describe('OpenAICompatiblePassthroughModel', () => {
  it('forwards the client’s body as it is to /responses, with the instance’s credentials, and hands back the raw reply', async () => {
    let seen: { body: unknown; headers: Record<string, string> } | undefined;
    const reply = '{"id":"resp_1","object":"response","status":"completed","output":[]}';
    upstream.intercept({ path: '/v1/responses', method: 'POST' }).reply(
      200,
      (options) => {
        seen = { body: JSON.parse(String(options.body)), headers: options.headers as Record<string, string> };
        return reply;
      },
      { headers: { 'content-type': 'application/json', 'x-request-id': 'up-1' } },
    );
    const body = {
      model: 'vllm:qwen',
      input: 'hi',
      tools: [{ type: 'web_search' }],
      store: false,
      reasoning: { effort: 'low' },
    };
    const response = await provider().passthroughModel!('qwen', 'responses').forward(
      { api: 'responses', body },
      context(),
    );
    expect(seen?.body).toEqual({ ...body, model: 'qwen' });
    expect(body.model).toBe('vllm:qwen');
    expect(seen?.headers).toMatchObject({ authorization: 'Bearer k-1', 'content-type': 'application/json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(await response.body.text()).toBe(reply);
  });

  it('maps an upstream error like any other call', async () => {
    upstream
      .intercept({ path: '/v1/responses', method: 'POST' })
      .reply(
        429,
        { error: { message: 'slow down', type: 'rate_limit_error' } },
        { headers: { 'retry-after': '3' } },
      );
    await expect(
      provider().passthroughModel!('qwen', 'responses').forward(
        { api: 'responses', body: { input: 'hi' } },
        context(),
      ),
    ).rejects.toMatchObject({ code: 'MMX_UPSTREAM_RATE_LIMITED', retryAfterMs: 3000, providerId: 'vllm' });
  });

  it('is refused for an instance that does not say its server speaks the API', () => {
    expect(() => provider({ passthrough: [] }).passthroughModel!('qwen', 'responses')).toThrow(
      expect.objectContaining({ code: 'MMX_MODEL_KIND_UNSUPPORTED' }),
    );
  });
});
