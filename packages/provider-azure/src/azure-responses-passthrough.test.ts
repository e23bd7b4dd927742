import type { CallContext, Provider } from '@modelmux/core';
import { type AzureOpenAIEmulator, startAzureOpenAIEmulator, validateOpenAiSchema } from '@modelmux/testkit';
import OpenAI, { AzureOpenAI } from 'openai';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { azurePlugin } from './azure-plugin.js';

const API_KEY = 'azure-responses-key';
const logger = { debug() {}, info() {}, warn() {}, error() {} };
const context = (signal = new AbortController().signal): CallContext => ({ signal, requestId: 'r1', logger });

let emulator: AzureOpenAIEmulator;
let dispatcher: Agent;
const providers: Provider[] = [];

beforeAll(async () => {
  emulator = await startAzureOpenAIEmulator({
    apiKey: API_KEY,
    deployments: { 'chat-prod': 'gpt-4o-2024-08-06' },
  });
  dispatcher = new Agent();
});
afterEach(() => emulator.reset());
afterAll(async () => {
  await dispatcher.close();
  await emulator.close();
});

function passthrough(api: 'v1' | 'deployments') {
  const settings = azurePlugin.settingsSchema.parse({
    endpoint: emulator.endpoint,
    api,
    api_key: API_KEY,
    deployments: { 'gpt-4o': 'chat-prod' },
    passthrough: ['responses'],
  });
  const provider = azurePlugin.create(settings, { id: 'azure', dispatcher, logger, now: Date.now, env: {} });
  providers.push(provider);
  return provider.passthroughModel!('gpt-4o', 'responses');
}

const body = {
  model: 'azure:gpt-4o',
  input: [{ role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris?' }] }],
  instructions: 'Be brief.',
  tools: [
    { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} }, strict: false },
  ],
  max_output_tokens: 64,
};

describe('Azure Responses pass-through', () => {
  it.each([
    ['v1', '/openai/v1/responses'],
    ['deployments', '/openai/responses?api-version=2025-04-01-preview'],
  ] as const)(
    'forwards on the %s API what openai-node sends there, and the reply is a valid Response',
    async (api, path) => {
      const response = await passthrough(api).forward({ api: 'responses', body }, context());
      expect(response.statusCode).toBe(200);
      const reply = JSON.parse(await response.body.text());
      expect(validateOpenAiSchema('Response', reply)).toEqual([]);
      expect(reply.output.some((item: { type: string }) => item.type === 'message')).toBe(true);
      const { model: _ignored, ...rest } = body;
      const sdk =
        api === 'v1'
          ? new OpenAI({
              baseURL: `${emulator.v1BaseUrl}/`,
              apiKey: API_KEY,
              defaultHeaders: { 'api-key': API_KEY, authorization: null },
              maxRetries: 0,
            })
          : new AzureOpenAI({
              endpoint: emulator.endpoint,
              apiKey: API_KEY,
              apiVersion: '2025-04-01-preview',
              maxRetries: 0,
            });
      await sdk.responses.create({ ...rest, model: 'chat-prod' } as never);
      const [ours, theirs] = emulator.requests;
      expect(ours?.path).toBe(path);
      expect({ path: ours?.path, body: ours?.body, auth: ours?.authScheme }).toEqual({
        path: theirs?.path,
        body: theirs?.body,
        auth: theirs?.authScheme,
      });
    },
  );

  it('streams the upstream’s events through untouched', async () => {
    const response = await passthrough('v1').forward(
      { api: 'responses', body: { ...body, stream: true } },
      context(),
    );
    expect(String(response.headers['content-type'])).toContain('text/event-stream');
    const text = await response.body.text();
    const events = text
      .split('\n\n')
      .filter((frame) => frame.trim() !== '')
      .map((frame) =>
        JSON.parse(
          frame
            .split('\n')
            .find((line) => line.startsWith('data: '))!
            .slice(6),
        ),
      );
    expect(events[0].type).toBe('response.created');
    expect(events.at(-1).type).toBe('response.completed');
    for (const event of events) expect(validateOpenAiSchema('ResponseStreamEvent', event)).toEqual([]);
  });

  it('maps Azure’s 429 like any other call', async () => {
    emulator.enqueue({ kind: 'rate-limited', retryAfterSeconds: 2 });
    await expect(passthrough('v1').forward({ api: 'responses', body }, context())).rejects.toMatchObject({
      code: 'MMX_UPSTREAM_RATE_LIMITED',
      retryAfterMs: 2000,
    });
  });

  it('is refused unless the instance turns it on', () => {
    const settings = azurePlugin.settingsSchema.parse({ endpoint: emulator.endpoint, api_key: API_KEY });
    const provider = azurePlugin.create(settings, {
      id: 'azure',
      dispatcher,
      logger,
      now: Date.now,
      env: {},
    });
    expect(() => provider.passthroughModel!('gpt-4o', 'responses')).toThrow(
      expect.objectContaining({ code: 'MMX_MODEL_KIND_UNSUPPORTED' }),
    );
  });
});
