import { describe, expect, it } from 'vitest';
import { convertOpenAICompatibleEmbeddingResponse } from './convert-openai-compatible-embedding-response.js';

const context = { expectedCount: 2, providerId: 'p', modelId: 'e' };
const base64 = (values: number[]) => Buffer.from(new Float32Array(values).buffer).toString('base64');

describe('convertOpenAICompatibleEmbeddingResponse', () => {
  it('orders vectors by index and decodes base64 ones to float32', () => {
    const part = convertOpenAICompatibleEmbeddingResponse(
      {
        data: [
          { index: 1, embedding: base64([0.5, -2]) },
          { index: 0, embedding: [0.1, 0.2] },
        ],
        model: 'text-embedding-3-small',
        usage: { prompt_tokens: 4, total_tokens: 4 },
      },
      context,
    );
    expect(part.embeddings[0]).toEqual([0.1, 0.2]);
    expect(part.embeddings[1]).toEqual(new Float32Array([0.5, -2]));
    expect(part).toMatchObject({ inputTokens: 4, modelId: 'text-embedding-3-small' });
  });

  it('falls back to positions without indexes and to total_tokens without prompt_tokens', () => {
    const part = convertOpenAICompatibleEmbeddingResponse(
      { data: [{ embedding: [1] }, { embedding: [2] }], usage: { total_tokens: 7 } },
      context,
    );
    expect(part.embeddings).toEqual([[1], [2]]);
    expect(part.inputTokens).toBe(7);
  });

  it.each([
    ['too few vectors', { data: [{ index: 0, embedding: [1] }] }],
    [
      'a repeated index',
      {
        data: [
          { index: 0, embedding: [1] },
          { index: 0, embedding: [2] },
        ],
      },
    ],
    [
      'an index out of range',
      {
        data: [
          { index: 0, embedding: [1] },
          { index: 2, embedding: [2] },
        ],
      },
    ],
    [
      'base64 that is not float32',
      {
        data: [
          { index: 0, embedding: [1] },
          { index: 1, embedding: Buffer.from([1, 2, 3]).toString('base64') },
        ],
      },
    ],
  ])('refuses %s', (_label, response) => {
    expect(() => convertOpenAICompatibleEmbeddingResponse(response, context)).toThrow(
      expect.objectContaining({ code: 'MMX_UPSTREAM_INVALID_RESPONSE' }),
    );
  });
});
