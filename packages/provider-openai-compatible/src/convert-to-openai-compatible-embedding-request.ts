import type { EmbedRequest } from '@modelmux/core';
import type { OpenAICompatibleProviderOptions } from './openai-compatible-provider-options.js';

export interface OpenAICompatibleEmbeddingBody {
  model?: string;
  input: Array<string | number[]>;
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
  user?: string;
  [extra: string]: unknown;
}

/**
 * Canonical embedding request → the body of `POST /embeddings` for `inputs` (one call's share). Texts and token arrays
 * go as they are; vectors are asked for as base64 float32 when the client gets raw float32 anyway and the instance
 * allows it (no decimal round trip), otherwise as floats. `extra_body` provider options win over everything.
 */
export function convertToOpenAICompatibleEmbeddingRequest(
  request: EmbedRequest,
  inputs: Array<string | number[]>,
  options: {
    modelId: string;
    includeModel: boolean;
    requestBase64: boolean;
    providerOptions?: OpenAICompatibleProviderOptions;
  },
): OpenAICompatibleEmbeddingBody {
  const body: OpenAICompatibleEmbeddingBody = { input: inputs };
  if (options.includeModel) body.model = options.modelId;
  body.encoding_format = options.requestBase64 && request.acceptsFloat32Vectors === true ? 'base64' : 'float';
  if (request.dimensions !== undefined) body.dimensions = request.dimensions;
  if (request.user !== undefined) body.user = request.user;
  const extra = options.providerOptions?.extra_body;
  if (extra !== undefined) Object.assign(body, extra);
  return body;
}
