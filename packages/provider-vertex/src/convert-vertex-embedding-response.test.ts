import type { Warning } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import {
  convertVertexEmbeddingResponse,
  type VertexEmbeddingPartResult,
} from './convert-vertex-embedding-response.js';
import type { VertexEmbeddingResponse } from './vertex-embedding-api-schemas.js';

const prediction = (values: number[], statistics?: { token_count?: number; truncated?: boolean }) => ({
  embeddings: statistics === undefined ? { values } : { values, statistics },
});

describe('convertVertexEmbeddingResponse', () => {
  it.each<[string, VertexEmbeddingResponse, VertexEmbeddingPartResult, Warning[]]>([
    [
      'vectors in order with token counts summed',
      { predictions: [prediction([1, 2], { token_count: 4 }), prediction([3, 4], { token_count: 7 })] },
      {
        embeddings: [
          [1, 2],
          [3, 4],
        ],
        inputTokens: 11,
      },
      [],
    ],
    [
      'a missing token count makes the sum unknown',
      { predictions: [prediction([1], { token_count: 4 }), prediction([2])] },
      { embeddings: [[1], [2]] },
      [],
    ],
    [
      'a truncated input reported with its position in the whole request',
      {
        predictions: [
          prediction([1], { token_count: 2 }),
          prediction([2], { token_count: 2048, truncated: true }),
        ],
      },
      { embeddings: [[1], [2]], inputTokens: 2050 },
      [{ type: 'compatibility', feature: 'input-truncated', detail: expect.stringContaining('input[11]') }],
    ],
  ])('%s', (_name, response, expected, expectedWarnings) => {
    const warnings: Warning[] = [];
    expect(convertVertexEmbeddingResponse(response, { expectedCount: 2, firstIndex: 10 }, warnings)).toEqual(
      expected,
    );
    expect(warnings).toEqual(expectedWarnings);
  });

  it('refuses a prediction count that differs from the input count', () => {
    expect(() =>
      convertVertexEmbeddingResponse(
        { predictions: [prediction([1])] },
        { expectedCount: 2, firstIndex: 0 },
        [],
      ),
    ).toThrow(expect.objectContaining({ code: 'MMX_UPSTREAM_INVALID_RESPONSE' }));
  });
});
