import { describe, expect, it } from 'vitest';
import { convertBedrockEmbeddingResponse } from './convert-bedrock-embedding-response.js';

describe('convertBedrockEmbeddingResponse', () => {
  it.each([
    [
      'Titan body count',
      { embedding: [1], inputTextTokenCount: 3 },
      { 'x-amzn-bedrock-input-token-count': '9' },
      3,
    ],
    ['Titan without a count, header', { embedding: [1] }, { 'x-amzn-bedrock-input-token-count': '9' }, 9],
    ['Cohere, header', { embeddings: [[1]] }, { 'x-amzn-bedrock-input-token-count': '4' }, 4],
    ['Cohere, no header', { embeddings: [[1]] }, {}, undefined],
    [
      'Cohere, unreadable header',
      { embeddings: { float: [[1]] } },
      { 'x-amzn-bedrock-input-token-count': 'n/a' },
      undefined,
    ],
  ])('%s → %s tokens', (_name, response, responseHeaders, inputTokens) => {
    const result = convertBedrockEmbeddingResponse(response, { expectedCount: 1, responseHeaders });
    expect(result).toEqual(
      inputTokens === undefined ? { embeddings: [[1]] } : { embeddings: [[1]], inputTokens },
    );
  });

  it('refuses a reply with the wrong number of vectors', () => {
    expect(() =>
      convertBedrockEmbeddingResponse({ embeddings: [[1], [2]] }, { expectedCount: 3, responseHeaders: {} }),
    ).toThrow(expect.objectContaining({ code: 'MMX_UPSTREAM_INVALID_RESPONSE' }));
  });
});
