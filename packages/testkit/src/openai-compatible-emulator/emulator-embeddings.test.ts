import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertOpenAiSchema, validateOpenAiSchema } from '../openapi/validate-openai-schema.js';
import { emulatedEmbedding, encodeEmbeddingBase64 } from './emulator-embeddings.js';
import {
  type OpenAICompatibleEmulator,
  startOpenAICompatibleEmulator,
} from './openai-compatible-emulator.js';

let emulator: OpenAICompatibleEmulator;
let client: OpenAI;

beforeAll(async () => {
  emulator = await startOpenAICompatibleEmulator();
  client = new OpenAI({ baseURL: emulator.url, apiKey: 'test', maxRetries: 0 });
});

afterEach(() => emulator.reset());

afterAll(() => emulator.close());

function norm(vector: readonly number[]): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}

describe('embeddings', () => {
  it('answers encoding_format float with 8 unit-length floats per input, in input order', async () => {
    const response = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['first text', 'second'],
      encoding_format: 'float',
    });
    assertOpenAiSchema('CreateEmbeddingResponse', response);
    expect(response).toMatchObject({
      object: 'list',
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 3, total_tokens: 3 },
    });
    expect(response.data.map((item) => [item.object, item.index, item.embedding.length])).toEqual([
      ['embedding', 0, 8],
      ['embedding', 1, 8],
    ]);
    for (const item of response.data) expect(norm(item.embedding)).toBeCloseTo(1, 5);
    expect(response.data[0]!.embedding).not.toEqual(response.data[1]!.embedding);
  });

  it('derives the vector from the text alone', async () => {
    const first = await client.embeddings.create({
      model: 'm',
      input: 'same text',
      encoding_format: 'float',
    });
    const second = await client.embeddings.create({
      model: 'm',
      input: ['other', 'same text'],
      encoding_format: 'float',
    });
    expect(second.data[1]!.embedding).toEqual(first.data[0]!.embedding);
    expect(first.data[0]!.embedding).toEqual(Array.from(emulatedEmbedding('same text', 8)));
  });

  it('honours dimensions', async () => {
    const response = await client.embeddings.create({
      model: 'm',
      input: 'x',
      dimensions: 256,
      encoding_format: 'float',
    });
    assertOpenAiSchema('CreateEmbeddingResponse', response);
    expect(response.data[0]!.embedding).toHaveLength(256);
  });

  it("gives the same floats through the SDK's default base64 decoding", async () => {
    const input = ['alpha', 'beta gamma'];
    const floats = await client.embeddings.create({
      model: 'm',
      input,
      dimensions: 16,
      encoding_format: 'float',
    });
    const decoded = await client.embeddings.create({ model: 'm', input, dimensions: 16 });
    expect(emulator.requests[1]!.body).toMatchObject({ encoding_format: 'base64' });
    expect(decoded.data.map((item) => item.embedding)).toEqual(floats.data.map((item) => item.embedding));
    expect(decoded.data[0]!.embedding).toHaveLength(16);
  });

  it('sends base64 as little-endian float32, which the OpenAPI schema does not describe', async () => {
    const raw = await client.embeddings.create({ model: 'm', input: 'alpha', encoding_format: 'base64' });
    const embedding = raw.data[0]!.embedding as unknown as string;
    expect(typeof embedding).toBe('string');
    const bytes = Buffer.from(embedding, 'base64');
    const expected = emulatedEmbedding('alpha', 8);
    expect(bytes).toHaveLength(32);
    expect(Array.from({ length: 8 }, (_, index) => bytes.readFloatLE(index * 4))).toEqual(
      Array.from(expected),
    );
    // The spec types Embedding.embedding as number[] only, although the API sends a string for base64.
    expect(validateOpenAiSchema('CreateEmbeddingResponse', raw)).toEqual(['/data/0/embedding must be array']);
  });

  it('accepts token arrays as input', async () => {
    const response = await client.embeddings.create({
      model: 'm',
      input: [
        [1, 2, 3],
        [4, 5],
      ],
      encoding_format: 'float',
    });
    assertOpenAiSchema('CreateEmbeddingResponse', response);
    expect(response.data).toHaveLength(2);
    expect(response.usage).toEqual({ prompt_tokens: 5, total_tokens: 5 });
  });

  it.each([
    ['an empty string', { model: 'm', input: '' }, 'input'],
    ['an empty array', { model: 'm', input: [] }, 'input'],
    ['a missing input', { model: 'm' }, 'input'],
    ['zero dimensions', { model: 'm', input: 'x', dimensions: 0 }, 'dimensions'],
    ['an unknown encoding', { model: 'm', input: 'x', encoding_format: 'hex' }, 'encoding_format'],
  ])('answers %s with 400', async (_name, body, param) => {
    const response = await fetch(`${emulator.url}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    const json = await response.json();
    assertOpenAiSchema('ErrorResponse', json);
    expect(json).toMatchObject({ error: { param } });
  });
});

describe('encodeEmbeddingBase64', () => {
  it('writes little-endian float32 values', () => {
    expect(encodeEmbeddingBase64(new Float32Array([1, -2]))).toBe(
      Buffer.from([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0]).toString('base64'),
    );
  });
});
