import { readFileSync } from 'node:fs';
import type { CallContext, EmbedRequest } from '@modelmux/core';
import { type Dispatcher, MockAgent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createGeminiTestConfig, GEMINI_TEST_ORIGIN, geminiTestPath } from './gemini-test-config.js';
import { VertexEmbeddingModel, vertexEmbeddingMaxInputsPerCall } from './vertex-embedding-model.js';

const agent = new MockAgent();
agent.disableNetConnect();
const upstream = agent.get(GEMINI_TEST_ORIGIN);
afterEach(() => agent.assertNoPendingInterceptors());
afterAll(() => agent.close());

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const context = (signal = new AbortController().signal): CallContext => ({ signal, requestId: 'r1', logger });

interface PredictBody {
  instances: Array<{ content: string; task_type?: string }>;
  parameters?: unknown;
}

/** Wraps the MockAgent to count requests in flight (from dispatch until the upstream answers or the call fails). */
function countingDispatcher() {
  const stats = { inFlight: 0, peak: 0, started: 0, aborted: 0 };
  const dispatcher = {
    request: async (options: Dispatcher.RequestOptions) => {
      stats.started++;
      stats.inFlight++;
      stats.peak = Math.max(stats.peak, stats.inFlight);
      try {
        return await agent.request(options);
      } catch (error) {
        if ((error as Error).name === 'AbortError') stats.aborted++;
        throw error;
      } finally {
        stats.inFlight--;
      }
    },
  } as unknown as Dispatcher;
  return { dispatcher, stats };
}

/** A `:predict` reply whose vector encodes the input's number (`text-<n>` → `[n, 0.5]`), one token per input. */
function predictReply(body: string) {
  const { instances } = JSON.parse(body) as PredictBody;
  return {
    predictions: instances.map(({ content }) => ({
      embeddings: {
        values: [Number(content.slice(5)), 0.5],
        statistics: { token_count: 1, truncated: false },
      },
    })),
  };
}

const inputs = (count: number) => Array.from({ length: count }, (_, index) => `text-${index}`);

describe('vertexEmbeddingMaxInputsPerCall', () => {
  it.each([
    ['text-embedding-005', 250],
    ['text-multilingual-embedding-002', 250],
    ['text-embedding-004', 250],
    ['gemini-embedding-001', 1],
  ])('%s → %s', (modelId, expected) => {
    expect(vertexEmbeddingMaxInputsPerCall(modelId)).toBe(expected);
    expect(new VertexEmbeddingModel(modelId, createGeminiTestConfig(agent)).maxInputsPerCall).toBe(expected);
  });
});

describe('VertexEmbeddingModel', () => {
  it('posts instances and parameters to :predict and returns the vectors with their token count', async () => {
    let seen: { body: unknown; headers: Record<string, string> } | undefined;
    upstream.intercept({ path: geminiTestPath('text-embedding-005', 'predict'), method: 'POST' }).reply(
      200,
      (options) => {
        seen = { body: JSON.parse(String(options.body)), headers: options.headers as Record<string, string> };
        return readFileSync(
          new URL('./__fixtures__/vertex-embed-text-embedding-005.1.json', import.meta.url),
          'utf8',
        );
      },
      { headers: { 'content-type': 'application/json' } },
    );
    const model = new VertexEmbeddingModel('text-embedding-005', createGeminiTestConfig(agent));
    const result = await model.embed(
      {
        inputs: ['hello world', 'what is the capital of France?'],
        dimensions: 5,
        user: 'u-1',
        providerOptions: { vertex: { task_type: 'RETRIEVAL_DOCUMENT' } },
      },
      context(),
    );
    expect(seen?.body).toEqual({
      instances: [
        { content: 'hello world', task_type: 'RETRIEVAL_DOCUMENT' },
        { content: 'what is the capital of France?', task_type: 'RETRIEVAL_DOCUMENT' },
      ],
      parameters: { outputDimensionality: 5 },
    });
    expect(seen?.headers).toMatchObject({ authorization: 'Bearer t', 'content-type': 'application/json' });
    expect(result).toEqual({
      embeddings: [
        [0.0123, -0.0456, 0.0789, -0.0012, 0.0345],
        [-0.0211, 0.0532, 0.0087, 0.0644, -0.0391],
      ],
      usage: { inputTokens: 11 },
      warnings: [{ type: 'unsupported', feature: 'user', detail: expect.any(String) }],
    });
  });

  it('splits 600 inputs into three calls and keeps the input order', async () => {
    const sizes: number[] = [];
    upstream
      .intercept({ path: geminiTestPath('text-embedding-005', 'predict'), method: 'POST' })
      .reply(200, (options) => {
        const reply = predictReply(String(options.body));
        sizes.push(reply.predictions.length);
        return reply;
      })
      .delay(5)
      .times(3);
    const model = new VertexEmbeddingModel('text-embedding-005', createGeminiTestConfig(agent));
    const result = await model.embed({ inputs: inputs(600) }, context());
    expect(sizes.sort((a, b) => a - b)).toEqual([100, 250, 250]);
    expect(result.embeddings).toHaveLength(600);
    expect(result.embeddings.map((vector) => vector[0])).toEqual(
      Array.from({ length: 600 }, (_, index) => index),
    );
    expect(result.usage).toEqual({ inputTokens: 600 });
  });

  it('never has more than four calls in flight', async () => {
    const { dispatcher, stats } = countingDispatcher();
    upstream
      .intercept({ path: geminiTestPath('gemini-embedding-001', 'predict'), method: 'POST' })
      .reply(200, (options) => predictReply(String(options.body)))
      .delay(10)
      .times(10);
    const model = new VertexEmbeddingModel('gemini-embedding-001', createGeminiTestConfig(dispatcher));
    const result = await model.embed({ inputs: inputs(10) }, context());
    expect(stats).toEqual({ inFlight: 0, peak: 4, started: 10, aborted: 0 });
    expect(result.embeddings.map((vector) => vector[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('leaves usage unknown when a call reports no token count', async () => {
    upstream
      .intercept({ path: geminiTestPath('text-embedding-005', 'predict'), method: 'POST' })
      .reply(200, { predictions: [{ embeddings: { values: [1] } }] });
    const model = new VertexEmbeddingModel('text-embedding-005', createGeminiTestConfig(agent));
    expect(await model.embed({ inputs: ['a'] }, context())).toEqual({
      embeddings: [[1]],
      usage: {},
      warnings: [],
    });
  });

  it('fails the whole request with the error of a failing middle call and cancels the others', async () => {
    const { dispatcher, stats } = countingDispatcher();
    const path = geminiTestPath('text-embedding-005', 'predict');
    upstream
      .intercept({ path, method: 'POST', body: (body) => body.includes('"text-250"') })
      .reply(
        500,
        { error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' } },
        { headers: { 'content-type': 'application/json' } },
      );
    upstream
      .intercept({ path, method: 'POST' })
      .reply(200, (options) => predictReply(String(options.body)))
      .delay(200)
      .times(2);
    const model = new VertexEmbeddingModel('text-embedding-005', createGeminiTestConfig(dispatcher));
    await expect(model.embed({ inputs: inputs(600) }, context())).rejects.toMatchObject({
      code: 'MMX_UPSTREAM_SERVER',
      statusCode: 500,
      upstreamCode: 'INTERNAL',
      message: 'Internal error encountered.',
      providerId: 'vertex-test',
      modelId: 'text-embedding-005',
    });
    expect(stats).toEqual({ inFlight: 0, peak: 3, started: 3, aborted: 2 });
  });

  it('stops starting calls once one has failed', async () => {
    const { dispatcher, stats } = countingDispatcher();
    const path = geminiTestPath('gemini-embedding-001', 'predict');
    upstream
      .intercept({ path, method: 'POST', body: (body) => body.includes('"text-1"') })
      .reply(429, { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } });
    upstream
      .intercept({ path, method: 'POST' })
      .reply(200, (options) => predictReply(String(options.body)))
      .delay(50)
      .times(3);
    const model = new VertexEmbeddingModel('gemini-embedding-001', createGeminiTestConfig(dispatcher));
    await expect(model.embed({ inputs: inputs(40) }, context())).rejects.toMatchObject({
      code: 'MMX_UPSTREAM_RATE_LIMITED',
    });
    expect(stats).toMatchObject({ started: 4, aborted: 3 });
  });

  it('rejects with an AbortError when the client goes away mid-request', async () => {
    const controller = new AbortController();
    upstream
      .intercept({ path: geminiTestPath('text-embedding-005', 'predict'), method: 'POST' })
      .reply(200, (options) => predictReply(String(options.body)))
      .delay(200)
      .times(3);
    const model = new VertexEmbeddingModel('text-embedding-005', createGeminiTestConfig(agent));
    const pending = model.embed({ inputs: inputs(600) }, context(controller.signal));
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it.each<[string, EmbedRequest, string]>([
    ['token arrays', { inputs: [[1, 2]] }, 'MMX_FEATURE_UNSUPPORTED'],
    [
      'an unknown provider option',
      { inputs: ['a'], providerOptions: { vertex: { title: 't' } } },
      'MMX_REQUEST_PROVIDER_OPTIONS_INVALID',
    ],
  ])('refuses %s before calling Vertex', async (_name, request, code) => {
    const model = new VertexEmbeddingModel('text-embedding-005', createGeminiTestConfig(agent));
    await expect(model.embed(request, context())).rejects.toMatchObject({ code });
  });
});
