import { validateOpenAiSchema } from '@modelmux/testkit';
import { describe, expect, it } from 'vitest';
import { decodeEmbeddingsRequest } from './decode-embeddings-request.js';

describe('decodeEmbeddingsRequest', () => {
  it('maps every field of the Embeddings API', () => {
    const body = {
      model: 'fast-embed',
      input: ['alpha', 'beta'],
      encoding_format: 'base64',
      dimensions: 256,
      user: 'user-1',
    };
    expect(validateOpenAiSchema('CreateEmbeddingRequest', body)).toEqual([]);
    expect(decodeEmbeddingsRequest(body)).toEqual({
      modelReference: 'fast-embed',
      request: { inputs: ['alpha', 'beta'], dimensions: 256, user: 'user-1', acceptsFloat32Vectors: true },
      stream: false,
      encodeOptions: { encodingFormat: 'base64' },
      warnings: [],
    });
  });

  it('defaults to float vectors and leaves the float32 hint off', () => {
    const decoded = decodeEmbeddingsRequest({ model: 'e', input: 'text' });
    expect(decoded.request).toEqual({ inputs: ['text'] });
    expect(decoded.encodeOptions).toEqual({ encodingFormat: 'float' });
  });

  it('takes one token array as one input and an array of them as many', () => {
    expect(decodeEmbeddingsRequest({ model: 'e', input: [10, 20, 30] }).request.inputs).toEqual([
      [10, 20, 30],
    ]);
    expect(decodeEmbeddingsRequest({ model: 'e', input: [[10], [20, 30]] }).request.inputs).toEqual([
      [10],
      [20, 30],
    ]);
  });

  it('keeps provider options and treats null optional fields as absent', () => {
    const decoded = decodeEmbeddingsRequest({
      model: 'e',
      input: 'x',
      dimensions: null,
      user: null,
      provider_options: { vertex: { task_type: 'RETRIEVAL_QUERY' } },
    });
    expect(decoded.request).toEqual({
      inputs: ['x'],
      providerOptions: { vertex: { task_type: 'RETRIEVAL_QUERY' } },
    });
  });

  it('warns about fields the Embeddings API does not have instead of dropping them silently', () => {
    const decoded = decodeEmbeddingsRequest({ model: 'e', input: 'x', input_type: 'query' });
    expect(decoded.warnings).toEqual([
      {
        type: 'unsupported',
        feature: 'input_type',
        detail: expect.stringContaining('provider_options'),
      },
    ]);
  });

  it('refuses more inputs than the configured maximum, naming the limit', () => {
    expect(() => decodeEmbeddingsRequest({ model: 'e', input: ['a', 'b', 'c'] }, { maxInputs: 2 })).toThrow(
      expect.objectContaining({
        code: 'MMX_REQUEST_INVALID',
        param: 'input',
        message: expect.stringContaining('at most 2'),
      }),
    );
    expect(
      decodeEmbeddingsRequest({ model: 'e', input: ['a', 'b'] }, { maxInputs: 2 }).request.inputs,
    ).toHaveLength(2);
  });
});
