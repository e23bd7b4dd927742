import {
  type AzureOpenAIEmulator,
  type BedrockEmulator,
  DEFAULT_VERTEX_ACCESS_TOKEN,
  type OpenAICompatibleEmulator,
  startAzureOpenAIEmulator,
  startBedrockEmulator,
  startOpenAICompatibleEmulator,
  startVertexEmulator,
  type VertexEmulator,
} from '@modelmux/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { type StartedServer, startServer } from '../src/server.js';
import { SchemaCheckedClient, TEST_SHUTDOWN_TIMEOUT_MS } from './helpers.js';

// The real `openai` client's `embeddings.create` → the gateway → each provider's emulator.

const AWS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const AZURE_KEY = 'e2e-azure-key';

let openai: OpenAICompatibleEmulator;
let azure: AzureOpenAIEmulator;
let vertex: VertexEmulator;
let bedrock: BedrockEmulator;
let gateway: StartedServer;
let checked: SchemaCheckedClient;

beforeAll(async () => {
  [openai, azure, vertex, bedrock] = await Promise.all([
    startOpenAICompatibleEmulator(),
    startAzureOpenAIEmulator({ apiKey: AZURE_KEY, deployments: { 'embed-prod': 'text-embedding-3-small' } }),
    startVertexEmulator(),
    startBedrockEmulator({ region: 'us-east-1', credentials: AWS }),
  ]);
  const config = parseGatewayConfig({
    // These tests check how each failure is translated; retries and fallback are tested in call-policy tests.
    routing: { max_retries: 0 },
    server: { log_level: 'silent', shutdown_timeout_ms: TEST_SHUTDOWN_TIMEOUT_MS },
    providers: {
      vllm: { type: 'openai-compatible', base_url: openai.url, embedding_inputs_per_call: 4 },
      azure: {
        type: 'azure-openai',
        endpoint: azure.endpoint,
        api_key: AZURE_KEY,
        deployments: { 'text-embedding-3-small': 'embed-prod' },
        embedding_inputs_per_call: 2,
      },
      vertex: {
        type: 'vertex',
        project: 'my-proj',
        region: 'us-central1',
        base_url: vertex.url,
        credentials: { type: 'access_token', token: DEFAULT_VERTEX_ACCESS_TOKEN },
      },
      bedrock: {
        type: 'bedrock',
        region: 'us-east-1',
        endpoint: bedrock.url,
        credentials: { type: 'keys', access_key_id: AWS.accessKeyId, secret_access_key: AWS.secretAccessKey },
      },
    },
    models: { embed: { targets: ['vllm:text-embedding-3-small'] } },
  });
  gateway = await startServer({ config, env: {}, host: '127.0.0.1', port: 0, logger: false });
  checked = new SchemaCheckedClient(gateway.url);
});

afterEach(async () => {
  const violations = await checked.takeSchemaViolations();
  for (const emulator of [openai, azure, vertex, bedrock]) emulator.reset();
  expect(violations).toEqual([]);
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([openai, azure, vertex, bedrock].map((emulator) => emulator?.close()));
});

const texts = Array.from({ length: 7 }, (_, index) => `sentence number ${index} about the weather`);

/** Float vectors as the float32 values a base64 reply carries. */
const asFloat32 = (vector: number[]) => Array.from(Float32Array.from(vector));

describe.each([
  ['vllm:text-embedding-3-small', 'OpenAI-compatible, 4 inputs per call'],
  ['azure:text-embedding-3-small', 'Azure, 2 inputs per call'],
  ['vertex:text-embedding-005', 'Vertex text embeddings'],
  ['vertex:gemini-embedding-001', 'Vertex Gemini embeddings, 1 input per call'],
  ['bedrock:amazon.titan-embed-text-v2:0', 'Bedrock Titan v2, 1 input per call'],
  ['bedrock:cohere.embed-english-v3', 'Bedrock Cohere'],
])('%s (%s)', (model) => {
  it('answers float and base64 with the same vectors, in input order, however the batch is split', async () => {
    const { client } = checked;
    const floats = await client.embeddings.create({ model, input: texts, encoding_format: 'float' });
    expect(floats.object).toBe('list');
    expect(floats.model).toBe(model);
    expect(floats.data.map((item) => item.index)).toEqual(texts.map((_, index) => index));
    expect(floats.usage.prompt_tokens).toBeGreaterThan(0);
    // The SDK asks for base64 by default and decodes little-endian float32 itself.
    const decoded = await client.embeddings.create({ model, input: texts });
    expect(decoded.data.map((item) => item.embedding)).toEqual(
      floats.data.map((item) => asFloat32(item.embedding)),
    );
    // Each vector is the one its text gets on its own: the order survived the split.
    const third = await client.embeddings.create({ model, input: texts[3]!, encoding_format: 'float' });
    expect(third.data[0]?.embedding).toEqual(floats.data[3]?.embedding);
    expect(new Set(floats.data.map((item) => item.embedding.join(','))).size).toBe(texts.length);
  });
});

describe('embedding batches and errors', () => {
  it('splits a batch into as many upstream calls as the per-call limit needs', async () => {
    await checked.client.embeddings.create({ model: 'embed', input: texts });
    expect(
      openai.requests.map((request) => (request.body as { input: string[] }).input.length).sort(),
    ).toEqual([3, 4]);
    await checked.client.embeddings.create({
      model: 'vertex:gemini-embedding-001',
      input: texts.slice(0, 3),
    });
    expect(vertex.requests).toHaveLength(3);
  });

  it('passes token arrays to an upstream that takes them', async () => {
    const reply = await checked.client.embeddings.create({ model: 'embed', input: [[101, 102, 103], [104]] });
    expect(reply.data).toHaveLength(2);
    expect((openai.requests[0]!.body as { input: unknown }).input).toEqual([[101, 102, 103], [104]]);
  });

  it('refuses token arrays with a 400 where the upstream takes text only', async () => {
    const error = await checked.client.embeddings
      .create({ model: 'vertex:text-embedding-005', input: [[1, 2, 3]] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('input[0]');
    expect(vertex.requests).toHaveLength(0);
  });

  it('refuses dimensions a fixed-size model cannot produce, naming the field', async () => {
    const error = await checked.client.embeddings
      .create({ model: 'bedrock:amazon.titan-embed-text-v2:0', input: 'x', dimensions: 100 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('dimensions');
  });

  it('fails the whole request with the upstream’s 429 when one part of a split batch is rate-limited', async () => {
    azure.enqueue({ kind: 'rate-limited', retryAfterSeconds: 1 });
    const error = await checked.client.embeddings
      .create({ model: 'azure:text-embedding-3-small', input: texts })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('1');
  });

  it('refuses an empty input and an unknown model in OpenAI’s error shape', async () => {
    const empty = await checked.client.embeddings
      .create({ model: 'embed', input: '' })
      .catch((caught: unknown) => caught);
    expect(empty).toBeInstanceOf(OpenAI.BadRequestError);
    const unknown = await checked.client.embeddings
      .create({ model: 'nope', input: 'x' })
      .catch((caught: unknown) => caught);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect((unknown as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
  });
});
