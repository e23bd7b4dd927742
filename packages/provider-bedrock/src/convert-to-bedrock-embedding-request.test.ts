import { describe, expect, it } from 'vitest';
import {
  type BedrockEmbeddingFamily,
  bedrockEmbeddingFamily,
  convertToBedrockEmbeddingRequest,
} from './convert-to-bedrock-embedding-request.js';

describe('bedrockEmbeddingFamily', () => {
  it.each<[string, BedrockEmbeddingFamily | undefined]>([
    ['amazon.titan-embed-text-v2:0', 'titan-text-v2'],
    ['arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0', 'titan-text-v2'],
    ['cohere.embed-english-v3', 'cohere-v3'],
    ['cohere.embed-multilingual-v3', 'cohere-v3'],
    ['cohere.embed-v4:0', 'cohere-v4'],
    ['us.cohere.embed-v4:0', 'cohere-v4'],
    ['amazon.titan-embed-text-v1', undefined],
    ['amazon.titan-embed-image-v1', undefined],
    ['anthropic.claude-3-haiku-20240307-v1:0', undefined],
  ])('%s → %s', (modelId, family) => {
    expect(bedrockEmbeddingFamily(modelId)).toBe(family);
  });
});

describe('convertToBedrockEmbeddingRequest', () => {
  it.each<[BedrockEmbeddingFamily, number, boolean]>([
    ['titan-text-v2', 256, true],
    ['titan-text-v2', 1024, true],
    ['titan-text-v2', 1536, false],
    ['cohere-v3', 1024, true],
    ['cohere-v3', 256, false],
    ['cohere-v4', 1536, true],
    ['cohere-v4', 768, false],
  ])('%s with dimensions %i: accepted %s', (family, dimensions, accepted) => {
    const convert = () => convertToBedrockEmbeddingRequest({ inputs: ['a'], dimensions }, { family });
    if (accepted) expect(convert().calls).toHaveLength(1);
    else
      expect(convert).toThrow(expect.objectContaining({ code: 'MMX_REQUEST_INVALID', param: 'dimensions' }));
  });

  it('does not send dimensions to Cohere v3, whose only size it is', () => {
    expect(
      convertToBedrockEmbeddingRequest({ inputs: ['a'], dimensions: 1024 }, { family: 'cohere-v3' }).calls,
    ).toEqual([{ body: { texts: ['a'], input_type: 'search_document' }, inputCount: 1 }]);
  });

  it('warns about options Titan has no field for', () => {
    const { calls, warnings } = convertToBedrockEmbeddingRequest(
      { inputs: ['a'] },
      { family: 'titan-text-v2', providerOptions: { truncate: 'END', input_type: 'clustering' } },
    );
    expect(calls).toEqual([{ body: { inputText: 'a' }, inputCount: 1 }]);
    expect(warnings.map((warning) => (warning as { feature: string }).feature)).toEqual([
      'provider_options.bedrock.input_type',
      'provider_options.bedrock.truncate',
    ]);
  });
});
