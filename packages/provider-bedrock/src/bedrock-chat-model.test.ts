import type { CallContext, ChatRequest } from '@modelmux/core';
import { MockAgent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { bedrockPlugin } from './bedrock-plugin.js';

const agent = new MockAgent();
agent.disableNetConnect();
afterEach(() => agent.assertNoPendingInterceptors());
afterAll(() => agent.close());

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const context = (): CallContext => ({ signal: new AbortController().signal, requestId: 'r', logger });
const MODEL = 'anthropic.claude-3-5-sonnet-20240620-v1:0';

function model(settings: Record<string, unknown> = {}) {
  const parsed = bedrockPlugin.settingsSchema.parse({
    region: 'us-east-1',
    credentials: {
      type: 'keys',
      access_key_id: 'AKIDEXAMPLE',
      secret_access_key: 'secret-access-key-example',
    },
    ...settings,
  });
  return bedrockPlugin.create(parsed, { id: 'bedrock', dispatcher: agent, logger, now: Date.now, env: {} })
    .chatModel!(MODEL);
}

describe('BedrockChatModel', () => {
  it('posts the Converse body signed with SigV4, applying model defaults', async () => {
    let seen: { body: unknown; headers: Record<string, string> } | undefined;
    agent
      .get('https://bedrock-runtime.us-east-1.amazonaws.com')
      .intercept({ path: `/model/${encodeURIComponent(MODEL)}/converse`, method: 'POST' })
      .reply(200, (options) => {
        seen = { body: JSON.parse(String(options.body)), headers: options.headers as Record<string, string> };
        return {
          output: { message: { role: 'assistant', content: [{ text: 'hi' }] } },
          stopReason: 'end_turn',
        };
      });
    const result = await model({
      models: { [MODEL]: { max_output_tokens: 256, temperature: 0.2 } },
    }).generate({ messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }] }, context());
    expect(result.content).toEqual([{ type: 'text', text: 'hi' }]);
    expect(seen?.body).toEqual({
      messages: [{ role: 'user', content: [{ text: 'hello' }] }],
      inferenceConfig: { maxTokens: 256, temperature: 0.2 },
    });
    expect(seen?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request/,
    );
    expect(seen?.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
  });

  describe('image URLs', () => {
    const withImage: ChatRequest = {
      messages: [
        {
          role: 'user',
          content: [{ type: 'image', source: { kind: 'url', url: 'http://127.0.0.1:9/secret.png' } }],
        },
      ],
    };

    it('are refused with a 400 when downloads are off (the default)', async () => {
      await expect(model().generate(withImage, context())).rejects.toMatchObject({
        code: 'MMX_REQUEST_INVALID',
        message: expect.stringContaining('image_download.enabled'),
      });
    });

    it('are fetched only when allowed, and never from private or loopback addresses', async () => {
      await expect(
        model({ image_download: { enabled: true } }).generate(withImage, context()),
      ).rejects.toMatchObject({
        code: 'MMX_REQUEST_INVALID',
        message: expect.stringContaining('private, loopback and link-local addresses are refused'),
      });
    });
  });
});
