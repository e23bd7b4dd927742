import { describe, expect, it } from 'vitest';
import { joinEmbeddingParts } from './join-embedding-parts.js';

describe('joinEmbeddingParts', () => {
  it('concatenates the vectors in part order and sums the token counts', () => {
    const float32 = new Float32Array([0.5, 0.25]);
    const joined = joinEmbeddingParts([
      { embeddings: [[1], [2]], inputTokens: 3 },
      { embeddings: [float32], inputTokens: 4 },
    ]);
    expect(joined.embeddings).toEqual([[1], [2], float32]);
    expect(joined.embeddings[2]).toBe(float32);
    expect(joined.usage).toEqual({ inputTokens: 7 });
  });

  it('reports no token count when any part has none', () => {
    expect(joinEmbeddingParts([{ embeddings: [[1]], inputTokens: 3 }, { embeddings: [[2]] }]).usage).toEqual(
      {},
    );
  });

  it('passes a single part through', () => {
    const part = { embeddings: [[1, 2]], inputTokens: 2 };
    expect(joinEmbeddingParts([part])).toEqual({ embeddings: part.embeddings, usage: { inputTokens: 2 } });
    expect(joinEmbeddingParts([{ embeddings: [[1]] }]).usage).toEqual({});
  });
});
