import type { EmbedRequest } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import {
  convertToVertexEmbeddingRequest,
  type VertexEmbeddingRequest,
} from './convert-to-vertex-embedding-request.js';
import type { VertexEmbeddingProviderOptions } from './vertex-embedding-provider-options.js';

describe('convertToVertexEmbeddingRequest', () => {
  it.each<[string, EmbedRequest, VertexEmbeddingProviderOptions | undefined, VertexEmbeddingRequest]>([
    [
      'texts',
      { inputs: ['a', 'b'] },
      undefined,
      { instances: [{ content: 'a' }, { content: 'b' }], warnings: [] },
    ],
    [
      'dimensions and a task type',
      { inputs: ['a'], dimensions: 256 },
      { task_type: 'RETRIEVAL_QUERY' },
      {
        instances: [{ content: 'a', task_type: 'RETRIEVAL_QUERY' }],
        parameters: { outputDimensionality: 256 },
        warnings: [],
      },
    ],
    [
      'a user id',
      { inputs: ['a'], user: 'u-1' },
      {},
      {
        instances: [{ content: 'a' }],
        warnings: [{ type: 'unsupported', feature: 'user', detail: expect.any(String) }],
      },
    ],
  ])('%s', (_name, request, providerOptions, expected) => {
    expect(convertToVertexEmbeddingRequest(request, { providerOptions })).toEqual(expected);
  });

  it.each<[string, EmbedRequest, Record<string, unknown>]>([
    ['token arrays', { inputs: ['a', [1, 2, 3]] }, { code: 'MMX_FEATURE_UNSUPPORTED', param: 'input[1]' }],
    ['no input', { inputs: [] }, { code: 'MMX_REQUEST_INVALID', param: 'input' }],
  ])('refuses %s', (_name, request, expected) => {
    expect(() => convertToVertexEmbeddingRequest(request)).toThrow(expect.objectContaining(expected));
  });
});
