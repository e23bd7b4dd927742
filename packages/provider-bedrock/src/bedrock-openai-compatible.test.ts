import type { CallContext } from '@modelmux/core';
import { MockAgent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { bedrockPlugin } from './bedrock-plugin.js';

const agent = new MockAgent();
agent.disableNetConnect();
afterEach(() => agent.assertNoPendingInterceptors());
afterAll(() => agent.close());

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const context = (): CallContext => ({ signal: new AbortController().signal, requestId: 'r', logger });
const KEYS = {
  type: 'keys',
  access_key_id: 'AKIDEXAMPLE',
  secret_access_key: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const reply = {
  id: 'chatcmpl-1',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
};

function chat(settings: Record<string, unknown>) {
  const parsed = bedrockPlugin.settingsSchema.parse({ region: 'us-east-1', ...settings });
  return bedrockPlugin.create(parsed, {
    id: 'bedrock',
    dispatcher: agent,
    logger,
    now: () => Date.parse('2026-11-27T00:00:00Z'),
    env: {},
  });
}

describe("Bedrock's OpenAI-compatible APIs", () => {
  it.each([
    [
      'openai',
      'https://bedrock-runtime.us-east-1.amazonaws.com',
      '/openai/v1/chat/completions',
      '/us-east-1/bedrock/aws4_request',
    ],
    [
      'mantle',
      'https://bedrock-mantle.us-east-1.api.aws',
      '/v1/chat/completions',
      '/us-east-1/bedrock-mantle/aws4_request',
    ],
  ])('%s: Chat Completions body, SigV4 with that API signing name', async (api, origin, path, scope) => {
    let seen: { body: unknown; headers: Record<string, string> } | undefined;
    agent
      .get(origin)
      .intercept({ path, method: 'POST' })
      .reply(200, (options) => {
        seen = { body: JSON.parse(String(options.body)), headers: options.headers as Record<string, string> };
        return reply;
      });
    const result = await chat({ api, credentials: KEYS }).chatModel!('openai.gpt-oss-20b-1:0').generate(
      { messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }], maxOutputTokens: 20 },
      context(),
    );
    expect(result.content).toEqual([{ type: 'text', text: 'hi' }]);
    expect(seen?.body).toEqual({
      model: 'openai.gpt-oss-20b-1:0',
      messages: [{ role: 'user', content: 'hello' }],
      max_completion_tokens: 20,
    });
    expect(seen?.headers.authorization).toContain(`Credential=AKIDEXAMPLE/20261127${scope}`);
    expect(seen?.headers['x-amz-date']).toBe('20261127T000000Z');
  });

  it('sends a Bedrock API key as a bearer token, honouring an endpoint override', async () => {
    let authorization: string | undefined;
    agent
      .get('http://bedrock.internal')
      .intercept({ path: '/openai/v1/chat/completions', method: 'POST' })
      .reply(200, (options) => {
        authorization = (options.headers as Record<string, string>).authorization;
        return reply;
      });
    await chat({
      api: 'openai',
      endpoint: 'http://bedrock.internal',
      credentials: { type: 'api_key', key: 'ABSKbedrockkey0123' },
    }).chatModel!('openai.gpt-oss-120b-1:0').generate(
      { messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] },
      context(),
    );
    expect(authorization).toBe('Bearer ABSKbedrockkey0123');
  });

  it('serves chat only', () => {
    expect(() =>
      chat({ api: 'mantle', credentials: KEYS }).embeddingModel!('amazon.titan-embed-text-v2:0'),
    ).toThrow(expect.objectContaining({ code: 'MMX_MODEL_KIND_UNSUPPORTED' }));
  });
});

describe('Responses pass-through on Bedrock Mantle', () => {
  it('forwards the body as it is to /v1/responses, signed for bedrock-mantle', async () => {
    let seen: { body: unknown; authorization: string } | undefined;
    agent
      .get('https://bedrock-mantle.us-east-1.api.aws')
      .intercept({ path: '/v1/responses', method: 'POST' })
      .reply(
        200,
        (options) => {
          seen = {
            body: JSON.parse(String(options.body)),
            authorization: (options.headers as Record<string, string>).authorization ?? '',
          };
          return { id: 'resp_1', object: 'response', status: 'completed', output: [] };
        },
        { headers: { 'content-type': 'application/json' } },
      );
    const model = chat({ api: 'mantle', credentials: KEYS, passthrough: ['responses'] }).passthroughModel!(
      'openai.gpt-oss-120b',
      'responses',
    );
    const response = await model.forward(
      {
        api: 'responses',
        body: { model: 'bedrock:openai.gpt-oss-120b', input: 'Hi', tools: [{ type: 'web_search' }] },
      },
      context(),
    );
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(await response.body.text())).toMatchObject({ id: 'resp_1' });
    expect(seen?.body).toEqual({
      model: 'openai.gpt-oss-120b',
      input: 'Hi',
      tools: [{ type: 'web_search' }],
    });
    expect(seen?.authorization).toContain('/us-east-1/bedrock-mantle/aws4_request');
  });

  it('is a boot error outside Mantle, and refused where it is not turned on', () => {
    expect(() => chat({ api: 'converse', credentials: KEYS, passthrough: ['responses'] })).toThrow(
      expect.objectContaining({ code: 'MMX_CONFIG_INVALID' }),
    );
    expect(() => chat({ api: 'mantle', credentials: KEYS }).passthroughModel!('m', 'responses')).toThrow(
      expect.objectContaining({ code: 'MMX_MODEL_KIND_UNSUPPORTED' }),
    );
  });
});
