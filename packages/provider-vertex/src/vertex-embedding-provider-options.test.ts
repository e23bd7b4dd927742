import { describe, expect, it } from 'vitest';
import { parseVertexEmbeddingProviderOptions } from './vertex-embedding-provider-options.js';

describe('parseVertexEmbeddingProviderOptions', () => {
  it.each([
    [undefined, undefined],
    [{}, {}],
    [{ task_type: 'CODE_RETRIEVAL_QUERY' }, { task_type: 'CODE_RETRIEVAL_QUERY' }],
  ])('%j → %j', (options, expected) => {
    const providerOptions = options === undefined ? undefined : { vertex: options };
    expect(parseVertexEmbeddingProviderOptions(providerOptions, 'vertex')).toEqual(expected);
  });

  it.each<[Record<string, unknown>, string]>([
    [{ taskType: 'RETRIEVAL_QUERY' }, 'provider_options.vertex.taskType'],
    [{ task_type: 'retrieval_query' }, 'provider_options.vertex.task_type'],
    [{ thinking_budget: 100 }, 'provider_options.vertex.thinking_budget'],
  ])('rejects %j', (options, param) => {
    expect(() => parseVertexEmbeddingProviderOptions({ vertex: options }, 'vertex')).toThrow(
      expect.objectContaining({ code: 'MMX_REQUEST_PROVIDER_OPTIONS_INVALID', param }),
    );
  });
});
