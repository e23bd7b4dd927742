import type { CallContext, EmbedRequest } from '@modelmux/core';
import { type OpenAICompatibleEmulator, startOpenAICompatibleEmulator } from '@modelmux/testkit';
import OpenAI from 'openai';
import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openAICompatiblePlugin } from './openai-compatible-plugin.js';

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const context = (signal = new AbortController().signal): CallContext => ({ signal, requestId: 'r1', logger });

let emulator: OpenAICompatibleEmulator;
let dispatcher: Agent;
let client: OpenAI;

beforeAll(async () => {
  emulator = await startOpenAICompatibleEmulator({ apiKey: 'k-1' });
  dispatcher = new Agent();
  client = new OpenAI({ baseURL: emulator.url, apiKey: 'k-1', maxRetries: 0 });
});
afterAll(async () => {
  await dispatcher.close();
  await emulator.close();
});
beforeEach(() => emulator.reset());

function embeddingModel(settings: Record<string, unknown> = {}) {
  const parsed = openAICompatiblePlugin.settingsSchema.parse({
    base_url: emulator.url,
    api_key: 'k-1',
    ...settings,
  });
  return openAICompatiblePlugin.create(parsed, { id: 'local', dispatcher, logger, now: Date.now, env: {} })
    .embeddingModel!('text-embedding-3-small');
}

/** What the `openai` client itself reads back for the same inputs, as float32 values. */
async function clientVectors(input: string[], dimensions?: number): Promise<number[][]> {
  const reply = await client.embeddings.create({ model: 'text-embedding-3-small', input, dimensions });
  return reply.data.map((item) => Array.from(Float32Array.from(item.embedding)));
}

describe('OpenAICompatibleEmbeddingModel', () => {
  const inputs = ['alpha', 'beta', 'gamma'];

  it('asks for floats by default and returns the numbers the upstream sent', async () => {
    const result = await embeddingModel().embed({ inputs, dimensions: 4, user: 'u-1' }, context());
    expect(emulator.requests[0]?.body).toEqual({
      model: 'text-embedding-3-small',
      input: inputs,
      encoding_format: 'float',
      dimensions: 4,
      user: 'u-1',
    });
    expect(result.embeddings.every((vector) => Array.isArray(vector))).toBe(true);
    expect(result.embeddings.map((vector) => Array.from(Float32Array.from(vector)))).toEqual(
      await clientVectors(inputs, 4),
    );
    expect(result.usage.inputTokens).toBe(3);
    expect(result.modelId).toBe('text-embedding-3-small');
    expect(result.warnings).toEqual([]);
  });

  it('asks for base64 when the client gets raw float32 and returns Float32Arrays equal to the SDK’s decoding', async () => {
    const request: EmbedRequest = { inputs, acceptsFloat32Vectors: true };
    const result = await embeddingModel().embed(request, context());
    expect(emulator.requests[0]?.body).toMatchObject({ encoding_format: 'base64' });
    expect(result.embeddings.every((vector) => vector instanceof Float32Array)).toBe(true);
    expect(result.embeddings.map((vector) => Array.from(vector))).toEqual(await clientVectors(inputs));
  });

  it('asks for floats even then when base64 is turned off for the instance', async () => {
    await embeddingModel({ embedding_base64: false }).embed(
      { inputs, acceptsFloat32Vectors: true },
      context(),
    );
    expect(emulator.requests[0]?.body).toMatchObject({ encoding_format: 'float' });
  });

  it('passes token arrays and extra_body provider options through', async () => {
    await embeddingModel().embed(
      {
        inputs: [[1, 2, 3], 'text'],
        providerOptions: { 'openai-compatible': { extra_body: { input_type: 'query' } } },
      },
      context(),
    );
    expect(emulator.requests[0]?.body).toMatchObject({ input: [[1, 2, 3], 'text'], input_type: 'query' });
  });

  it('splits a batch over the per-call limit, at most four calls at once, and re-joins it in order', async () => {
    const many = Array.from({ length: 11 }, (_, index) => `text number ${index}`);
    const result = await embeddingModel({ embedding_inputs_per_call: 2 }).embed(
      { inputs: many, acceptsFloat32Vectors: true },
      context(),
    );
    expect(emulator.requests.map((request) => (request.body as { input: string[] }).input)).toEqual(
      expect.arrayContaining([many.slice(0, 2), many.slice(10)]),
    );
    expect(emulator.requests).toHaveLength(6);
    expect(result.embeddings.map((vector) => Array.from(vector))).toEqual(await clientVectors(many));
    expect(result.usage.inputTokens).toBe(33);
  });

  it('fails the whole request with the upstream’s mapped error when one part fails', async () => {
    const error = await embeddingModel({ embedding_inputs_per_call: 1 })
      .embed({ inputs: ['ok', ''] }, context())
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toMatchObject({
      code: 'MMX_UPSTREAM_BAD_REQUEST',
      statusCode: 400,
      upstreamParam: 'input',
    });
  });

  it('refuses a reply with the wrong number of vectors', async () => {
    const settings = openAICompatiblePlugin.settingsSchema.parse({ base_url: 'http://upstream.test/v1' });
    const { MockAgent } = await import('undici');
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get('http://upstream.test')
      .intercept({ path: '/v1/embeddings', method: 'POST' })
      .reply(200, { data: [{ index: 0, embedding: [1] }] });
    const model = openAICompatiblePlugin.create(settings, {
      id: 'local',
      dispatcher: agent,
      logger,
      now: Date.now,
      env: {},
    }).embeddingModel!('e');
    await expect(model.embed({ inputs: ['a', 'b'] }, context())).rejects.toMatchObject({
      code: 'MMX_UPSTREAM_INVALID_RESPONSE',
    });
    await agent.close();
  });
});
