import { readFileSync } from 'node:fs';
import type { CallContext, EmbedRequest } from '@modelmux/core';
import { type Dispatcher, MockAgent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BedrockEmbeddingModel } from './bedrock-embedding-model.js';
import { BEDROCK_TEST_ORIGIN, bedrockTestPath, createBedrockTestConfig } from './bedrock-test-config.js';

const agent = new MockAgent();
agent.disableNetConnect();
const upstream = agent.get(BEDROCK_TEST_ORIGIN);
afterEach(() => agent.assertNoPendingInterceptors());
afterAll(() => agent.close());

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const context = (signal = new AbortController().signal): CallContext => ({ signal, requestId: 'r1', logger });

const TITAN = 'amazon.titan-embed-text-v2:0';
const COHERE = 'cohere.embed-english-v3';
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const inputs = (count: number) => Array.from({ length: count }, (_, index) => `text-${index}`);
const numberOf = (text: string) => Number(text.slice(5));

/** A Titan reply whose vector encodes the input's number (`text-<n>` → `[n, 0.5]`), two tokens per input. */
function titanReply(body: string) {
  const { inputText } = JSON.parse(body) as { inputText: string };
  return { embedding: [numberOf(inputText), 0.5], inputTextTokenCount: 2 };
}

/** A Cohere reply in the same manner. */
function cohereReply(body: string) {
  const { texts } = JSON.parse(body) as { texts: string[] };
  return {
    id: 'x',
    response_type: 'embeddings_floats',
    texts,
    embeddings: texts.map((text) => [numberOf(text)]),
  };
}

/** Wraps the MockAgent to count requests in flight. */
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

describe('BedrockEmbeddingModel', () => {
  it('sends one Titan call per text with dimensions and normalize, and sums inputTextTokenCount', async () => {
    const bodies: unknown[] = [];
    let headers: Record<string, string> | undefined;
    upstream
      .intercept({ path: bedrockTestPath(TITAN, 'invoke'), method: 'POST' })
      .reply(200, (options) => {
        bodies.push(JSON.parse(String(options.body)));
        headers = options.headers as Record<string, string>;
        return fixture('bedrock-embed-titan-text-v2.1.json');
      })
      .times(2);
    const model = new BedrockEmbeddingModel(TITAN, createBedrockTestConfig(agent));
    expect(model.maxInputsPerCall).toBe(1);
    const result = await model.embed(
      {
        inputs: ['hello world', 'bonjour'],
        dimensions: 256,
        user: 'u-1',
        providerOptions: { bedrock: { normalize: false, input_type: 'search_query' } },
      },
      context(),
    );
    expect(bodies).toEqual([
      { inputText: 'hello world', dimensions: 256, normalize: false },
      { inputText: 'bonjour', dimensions: 256, normalize: false },
    ]);
    expect(headers).toMatchObject({ authorization: 'Bearer bedrock-test-key', accept: 'application/json' });
    expect(result).toEqual({
      embeddings: [
        [0.0213, -0.0571, 0.0448, 0.0097, -0.0332],
        [0.0213, -0.0571, 0.0448, 0.0097, -0.0332],
      ],
      usage: { inputTokens: 8 },
      warnings: [
        { type: 'unsupported', feature: 'user', detail: expect.any(String) },
        { type: 'unsupported', feature: 'provider_options.bedrock.input_type', detail: expect.any(String) },
      ],
    });
  });

  it('sends Cohere texts with input_type search_document by default and reads the token count header', async () => {
    let body: unknown;
    upstream.intercept({ path: bedrockTestPath(COHERE, 'invoke'), method: 'POST' }).reply(
      200,
      (options) => {
        body = JSON.parse(String(options.body));
        return fixture('bedrock-embed-cohere-v3.1.json');
      },
      { headers: { 'content-type': 'application/json', 'x-amzn-bedrock-input-token-count': '11' } },
    );
    const model = new BedrockEmbeddingModel(COHERE, createBedrockTestConfig(agent));
    expect(model.maxInputsPerCall).toBe(96);
    const result = await model.embed(
      { inputs: ['hello world', 'what is the capital of france?'] },
      context(),
    );
    expect(body).toEqual({
      texts: ['hello world', 'what is the capital of france?'],
      input_type: 'search_document',
    });
    expect(result).toEqual({
      embeddings: [
        [0.0151, -0.0423, 0.0287, 0.0612, -0.0094],
        [-0.0318, 0.0205, 0.0476, -0.0133, 0.0561],
      ],
      usage: { inputTokens: 11 },
      warnings: [],
    });
  });

  it('splits 200 Cohere texts into calls of 96, 96 and 8, keeps the order and sums the header counts', async () => {
    const sizes: number[] = [];
    upstream
      .intercept({ path: bedrockTestPath(COHERE, 'invoke'), method: 'POST' })
      .reply(
        200,
        (options) => {
          const reply = cohereReply(String(options.body));
          sizes.push(reply.texts.length);
          expect(JSON.parse(String(options.body))).toMatchObject({
            input_type: 'search_query',
            truncate: 'END',
          });
          return reply;
        },
        { headers: { 'x-amzn-bedrock-input-token-count': '5' } },
      )
      .delay(5)
      .times(3);
    const model = new BedrockEmbeddingModel(COHERE, createBedrockTestConfig(agent));
    const result = await model.embed(
      { inputs: inputs(200), providerOptions: { bedrock: { input_type: 'search_query', truncate: 'END' } } },
      context(),
    );
    expect(sizes.sort((a, b) => a - b)).toEqual([8, 96, 96]);
    expect(result.embeddings.map((vector) => vector[0])).toEqual(
      Array.from({ length: 200 }, (_, index) => index),
    );
    expect(result.usage).toEqual({ inputTokens: 15 });
  });

  it('sends output_dimension to Cohere v4 and reads embeddings keyed by type', async () => {
    let body: unknown;
    upstream
      .intercept({ path: bedrockTestPath('cohere.embed-v4:0', 'invoke'), method: 'POST' })
      .reply(200, (options) => {
        body = JSON.parse(String(options.body));
        return { response_type: 'embeddings_by_type', embeddings: { float: [[1, 2]] } };
      });
    const model = new BedrockEmbeddingModel('cohere.embed-v4:0', createBedrockTestConfig(agent));
    const result = await model.embed(
      { inputs: ['a'], dimensions: 512, providerOptions: { bedrock: { normalize: true } } },
      context(),
    );
    expect(body).toEqual({ texts: ['a'], input_type: 'search_document', output_dimension: 512 });
    expect(result).toEqual({
      embeddings: [[1, 2]],
      usage: {},
      warnings: [
        { type: 'unsupported', feature: 'provider_options.bedrock.normalize', detail: expect.any(String) },
      ],
    });
  });

  it('never has more than four calls in flight and keeps the order', async () => {
    const { dispatcher, stats } = countingDispatcher();
    upstream
      .intercept({ path: bedrockTestPath(TITAN, 'invoke'), method: 'POST' })
      .reply(200, (options) => titanReply(String(options.body)))
      .delay(10)
      .times(10);
    const model = new BedrockEmbeddingModel(TITAN, createBedrockTestConfig(dispatcher));
    const result = await model.embed({ inputs: inputs(10) }, context());
    expect(stats).toEqual({ inFlight: 0, peak: 4, started: 10, aborted: 0 });
    expect(result.embeddings.map((vector) => vector[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result.usage).toEqual({ inputTokens: 20 });
  });

  it('fails the whole request when one call is throttled, and cancels the others', async () => {
    const { dispatcher, stats } = countingDispatcher();
    const path = bedrockTestPath(TITAN, 'invoke');
    upstream.intercept({ path, method: 'POST', body: (body) => body.includes('"text-1"') }).reply(
      429,
      { message: 'Too many requests, please wait before trying again.' },
      {
        headers: {
          'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/',
        },
      },
    );
    upstream
      .intercept({ path, method: 'POST' })
      .reply(200, (options) => titanReply(String(options.body)))
      .delay(100)
      .times(3);
    const model = new BedrockEmbeddingModel(TITAN, createBedrockTestConfig(dispatcher));
    await expect(model.embed({ inputs: inputs(12) }, context())).rejects.toMatchObject({
      code: 'MMX_UPSTREAM_RATE_LIMITED',
      retryable: true,
      upstreamCode: 'ThrottlingException',
      providerId: 'bedrock-test',
      modelId: TITAN,
    });
    expect(stats).toMatchObject({ started: 4, aborted: 3, inFlight: 0 });
  });

  it('turns a reply with the wrong number of vectors into MMX_UPSTREAM_INVALID_RESPONSE', async () => {
    upstream
      .intercept({ path: bedrockTestPath(COHERE, 'invoke'), method: 'POST' })
      .reply(200, { embeddings: [[1]] });
    const model = new BedrockEmbeddingModel(COHERE, createBedrockTestConfig(agent));
    await expect(model.embed({ inputs: ['a', 'b'] }, context())).rejects.toMatchObject({
      code: 'MMX_UPSTREAM_INVALID_RESPONSE',
    });
  });

  it.each<[string, string, EmbedRequest, string]>([
    ['Titan dimensions it cannot produce', TITAN, { inputs: ['a'], dimensions: 300 }, 'MMX_REQUEST_INVALID'],
    [
      'Cohere v3 dimensions other than 1024',
      COHERE,
      { inputs: ['a'], dimensions: 512 },
      'MMX_REQUEST_INVALID',
    ],
    ['token arrays', COHERE, { inputs: [[1, 2]] }, 'MMX_FEATURE_UNSUPPORTED'],
    ['an empty input', TITAN, { inputs: [] }, 'MMX_REQUEST_INVALID'],
    [
      'an unknown provider option',
      COHERE,
      { inputs: ['a'], providerOptions: { bedrock: { inputType: 'search_query' } } },
      'MMX_REQUEST_PROVIDER_OPTIONS_INVALID',
    ],
    [
      'a bad input_type',
      COHERE,
      { inputs: ['a'], providerOptions: { bedrock: { input_type: 'query' } } },
      'MMX_REQUEST_PROVIDER_OPTIONS_INVALID',
    ],
  ])('refuses %s before calling Bedrock', async (_name, modelId, request, code) => {
    const model = new BedrockEmbeddingModel(modelId, createBedrockTestConfig(agent));
    await expect(model.embed(request, context())).rejects.toMatchObject({ code });
  });

  it('refuses a model it cannot embed with', () => {
    expect(
      () => new BedrockEmbeddingModel('amazon.titan-embed-image-v1', createBedrockTestConfig(agent)),
    ).toThrow(expect.objectContaining({ code: 'MMX_MODEL_KIND_UNSUPPORTED' }));
  });
});
