import {
  BedrockRuntimeClient,
  InvokeModelCommand,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BedrockEmulator, startBedrockEmulator } from './bedrock-emulator.js';

const TITAN = 'amazon.titan-embed-text-v2:0';
const COHERE = 'cohere.embed-english-v3';

let emulator: BedrockEmulator;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  emulator = await startBedrockEmulator({
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  client = new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    requestHandler: new NodeHttpHandler(),
  });
});

afterEach(() => emulator.reset());

afterAll(async () => {
  client.destroy();
  await emulator.close();
  vi.unstubAllEnvs();
});

async function invoke(modelId: string, body: unknown) {
  const response = await client.send(
    new InvokeModelCommand({
      modelId,
      contentType: 'application/json',
      accept: 'application/json',
      body: JSON.stringify(body),
    }),
  );
  return { response, json: JSON.parse(response.body.transformToString()) as Record<string, unknown> };
}

function norm(vector: readonly number[]): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}

describe('InvokeModel: Titan Text Embeddings V2', () => {
  it('sends the body as is to /model/{id}/invoke with content-type and accept, signed', async () => {
    await invoke(TITAN, { inputText: 'hello world', dimensions: 256 });
    const [request] = emulator.requests;
    expect(request).toMatchObject({
      path: '/model/amazon.titan-embed-text-v2%3A0/invoke',
      modelId: TITAN,
      operation: 'invoke',
      signatureValid: true,
      body: { inputText: 'hello world', dimensions: 256 },
    });
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      accept: 'application/json',
    });
  });

  it('answers {embedding, inputTextTokenCount}: 1024 unit-length values by default, deterministic per text', async () => {
    const { response, json } = await invoke(TITAN, { inputText: 'hello world' });
    expect(response.contentType).toBe('application/json');
    const embedding = json.embedding as number[];
    expect(embedding).toHaveLength(1024);
    expect(norm(embedding)).toBeCloseTo(1, 5);
    expect(json.inputTextTokenCount).toBe(2);
    expect((await invoke(TITAN, { inputText: 'hello world' })).json.embedding).toEqual(embedding);
    expect((await invoke(TITAN, { inputText: 'hello there' })).json.embedding).not.toEqual(embedding);
  });

  it('honours dimensions, normalize: false and embeddingTypes', async () => {
    const { json } = await invoke(TITAN, {
      inputText: 'hi',
      dimensions: 512,
      normalize: false,
      embeddingTypes: ['float', 'binary'],
    });
    const embedding = json.embedding as number[];
    expect(embedding).toHaveLength(512);
    expect(norm(embedding)).not.toBeCloseTo(1, 2);
    const byType = json.embeddingsByType as { float: number[]; binary: number[] };
    expect(byType.float).toEqual(embedding);
    expect(byType.binary.every((bit) => bit === 0 || bit === 1)).toBe(true);
  });

  it('rejects a missing inputText and odd dimensions with ValidationException', async () => {
    await expect(invoke(TITAN, { text: 'x' })).rejects.toBeInstanceOf(ValidationException);
    await expect(invoke(TITAN, { inputText: 'x', dimensions: 300 })).rejects.toBeInstanceOf(
      ValidationException,
    );
  });
});

describe('InvokeModel: Cohere Embed', () => {
  it('answers embeddings_floats: one 1024-value vector per text, equal texts equal vectors', async () => {
    const { response, json } = await invoke(COHERE, {
      texts: ['a b', 'c', 'a b'],
      input_type: 'search_document',
    });
    expect(json).toMatchObject({ response_type: 'embeddings_floats', texts: ['a b', 'c', 'a b'] });
    expect(json.id).toMatch(/^[0-9a-f-]{36}$/);
    const embeddings = json.embeddings as number[][];
    expect(embeddings).toHaveLength(3);
    expect(embeddings[0]).toHaveLength(1024);
    expect(embeddings[2]).toEqual(embeddings[0]);
    expect(embeddings[1]).not.toEqual(embeddings[0]);
    expect(response.$metadata.httpStatusCode).toBe(200);
  });

  it('answers embeddings_by_type with embedding_types; v4 honours output_dimension', async () => {
    const { json } = await invoke('us.cohere.embed-v4:0', {
      texts: ['query'],
      input_type: 'search_query',
      embedding_types: ['float', 'int8'],
      output_dimension: 256,
    });
    expect(json.response_type).toBe('embeddings_by_type');
    const embeddings = json.embeddings as { float: number[][]; int8: number[][] };
    expect(embeddings.float[0]).toHaveLength(256);
    expect(
      embeddings.int8[0]!.every((value) => Number.isInteger(value) && value >= -128 && value <= 127),
    ).toBe(true);
  });

  it('rejects a missing input_type', async () => {
    await expect(invoke(COHERE, { texts: ['a'] })).rejects.toBeInstanceOf(ValidationException);
  });

  it('sends the token count in x-amzn-bedrock-input-token-count', async () => {
    const open = await startBedrockEmulator();
    try {
      const unsigned = await fetch(`${open.url}/model/${COHERE}/invoke`, {
        method: 'POST',
        body: JSON.stringify({ texts: ['one two', 'three'], input_type: 'clustering' }),
      });
      expect(unsigned.headers.get('x-amzn-bedrock-input-token-count')).toBe('3');
    } finally {
      await open.close();
    }
  });
});

describe('InvokeModel: scenarios', () => {
  it('takes a queued error, and leaves converse scenarios for Converse', async () => {
    emulator.enqueue({ kind: 'error', status: 429, message: 'slow down' });
    await expect(invoke(TITAN, { inputText: 'x' })).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 429 },
    });
    emulator.enqueue({ kind: 'converse', output: { content: [{ text: 'x' }] }, stopReason: 'end_turn' });
    const { json } = await invoke(TITAN, { inputText: 'x' });
    expect(json.embedding).toHaveLength(1024);
  });

  it('rejects non-embedding models with ValidationException', async () => {
    await expect(invoke('anthropic.claude-3-5-sonnet-20240620-v1:0', { prompt: 'x' })).rejects.toBeInstanceOf(
      ValidationException,
    );
  });
});
