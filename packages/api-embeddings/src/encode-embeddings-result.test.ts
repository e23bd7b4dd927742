import { validateOpenAiSchema } from '@modelmux/testkit';
import { describe, expect, it } from 'vitest';
import { encodeEmbeddingsResult } from './encode-embeddings-result.js';

const meta = { requestId: 'r', modelReference: 'vertex:text-embedding-005', createdAt: 0 };

// OpenAI's base64 embedding, written byte by byte: little-endian float32.
function openAiBase64(values: number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  for (const [index, value] of values.entries()) bytes.writeFloatLE(value, index * 4);
  return bytes.toString('base64');
}

describe('encodeEmbeddingsResult', () => {
  const result = {
    embeddings: [[0.0123, -0.0045, 0.5], new Float32Array([1, -1, 0.25])],
    usage: { inputTokens: 5 },
    warnings: [],
  };

  it('encodes floats in input order with OpenAI’s list shape and usage', () => {
    const body = JSON.parse(encodeEmbeddingsResult(result, meta, { encodingFormat: 'float' }).text);
    expect(body).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.0123, -0.0045, 0.5] },
        { object: 'embedding', index: 1, embedding: [1, -1, 0.25] },
      ],
      model: 'vertex:text-embedding-005',
      usage: { prompt_tokens: 5, total_tokens: 5 },
    });
    expect(validateOpenAiSchema('CreateEmbeddingResponse', body)).toEqual([]);
  });

  it('encodes base64 byte for byte as OpenAI does, from numbers and from float32 vectors', () => {
    const body = JSON.parse(encodeEmbeddingsResult(result, meta, { encodingFormat: 'base64' }).text) as {
      data: Array<{ embedding: string }>;
    };
    expect(body.data.map((item) => item.embedding)).toEqual([
      openAiBase64([0.0123, -0.0045, 0.5]),
      openAiBase64([1, -1, 0.25]),
    ]);
    // The spec describes float vectors only: check the body as the SDK sees it once decoded.
    const decoded = {
      ...body,
      data: body.data.map((item) => {
        const bytes = Buffer.from(item.embedding, 'base64');
        return {
          ...item,
          embedding: Array.from({ length: bytes.length / 4 }, (_, at) => bytes.readFloatLE(at * 4)),
        };
      }),
    };
    expect(validateOpenAiSchema('CreateEmbeddingResponse', decoded)).toEqual([]);
  });

  it('writes JSON text that escapes the model name', () => {
    const encoded = encodeEmbeddingsResult(
      result,
      { ...meta, modelReference: 'quote"back\\slash' },
      { encodingFormat: 'float' },
    );
    expect(JSON.parse(encoded.text).model).toBe('quote"back\\slash');
    expect(
      JSON.parse(
        encodeEmbeddingsResult({ ...result, embeddings: [] }, meta, { encodingFormat: 'base64' }).text,
      ).data,
    ).toEqual([]);
  });

  it('sends 0 tokens when the upstream reported none, as the schema requires a count', () => {
    const body = JSON.parse(
      encodeEmbeddingsResult({ ...result, usage: {} }, meta, { encodingFormat: 'float' }).text,
    );
    expect(body.usage).toEqual({ prompt_tokens: 0, total_tokens: 0 });
  });
});
