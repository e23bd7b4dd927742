import {
  type EmbedRequest,
  InvalidRequestError,
  UnsupportedFeatureError,
  type Warning,
} from '@modelmux/core';
import type { BedrockEmbeddingProviderOptions } from './bedrock-embedding-provider-options.js';

/** The embedding model families this provider speaks to through InvokeModel, each with its own body. */
export type BedrockEmbeddingFamily = 'titan-text-v2' | 'cohere-v3' | 'cohere-v4';

/**
 * The family of an embedding model id; the id may be a base model id, a regional profile (`us.…`) or an ARN that
 * names the base model. Undefined for models this provider cannot embed with (Titan G1, image and Nova models,
 * provisioned-throughput ARNs that do not name their model).
 */
export function bedrockEmbeddingFamily(modelId: string): BedrockEmbeddingFamily | undefined {
  if (modelId.includes('amazon.titan-embed-text-v2')) return 'titan-text-v2';
  if (modelId.includes('cohere.embed-v4')) return 'cohere-v4';
  if (modelId.includes('cohere.embed-english-v3') || modelId.includes('cohere.embed-multilingual-v3')) {
    return 'cohere-v3';
  }
  return undefined;
}

/** How many texts one InvokeModel call of each family takes: Titan embeds one, Cohere up to 96. */
export const BEDROCK_EMBEDDING_MAX_INPUTS_PER_CALL: Readonly<Record<BedrockEmbeddingFamily, number>> = {
  'titan-text-v2': 1,
  'cohere-v3': 96,
  'cohere-v4': 96,
};

/** The vector sizes each family can produce; `dimensions` outside these is refused. */
export const BEDROCK_EMBEDDING_DIMENSIONS: Readonly<Record<BedrockEmbeddingFamily, readonly number[]>> = {
  'titan-text-v2': [256, 512, 1024],
  'cohere-v3': [1024],
  'cohere-v4': [256, 512, 1024, 1536],
};

/** The InvokeModel body of Titan Text Embeddings V2. */
export interface TitanEmbeddingRequestBody {
  inputText: string;
  dimensions?: number;
  normalize?: boolean;
}

/** The InvokeModel body of Cohere Embed v3 / v4. */
export interface CohereEmbeddingRequestBody {
  texts: string[];
  input_type: string;
  truncate?: 'NONE' | 'START' | 'END';
  output_dimension?: number;
}

/** A whole embedding request in Bedrock terms: one body per InvokeModel call, in input order. */
export interface BedrockEmbeddingRequest {
  family: BedrockEmbeddingFamily;
  calls: Array<{ body: TitanEmbeddingRequestBody | CohereEmbeddingRequestBody; inputCount: number }>;
  warnings: Warning[];
}

function unsupportedOption(name: string, family: BedrockEmbeddingFamily): Warning {
  return {
    type: 'unsupported',
    feature: `provider_options.bedrock.${name}`,
    detail: `${family} embedding models have no ${name} field; it was not sent`,
  };
}

/**
 * Canonical embedding request → InvokeModel bodies (WIRE-FORMATS §7.9). Titan gets one `{inputText}` per text, with
 * `dimensions` and the `normalize` option; Cohere gets `{texts, input_type}` per 96 texts, `input_type` defaulting to
 * `search_document`, with `truncate` and (v4) `output_dimension`. A `dimensions` the model cannot produce is an
 * `InvalidRequestError` (vectors of another size would not fit the caller's index, and Bedrock would refuse it
 * anyway); token arrays cannot be sent; `user` and options the family lacks are warnings.
 */
export function convertToBedrockEmbeddingRequest(
  request: EmbedRequest,
  options: { family: BedrockEmbeddingFamily; providerOptions?: BedrockEmbeddingProviderOptions },
): BedrockEmbeddingRequest {
  const { family } = options;
  if (request.inputs.length === 0) {
    throw new InvalidRequestError({
      message: 'There is nothing to embed: the input is empty.',
      param: 'input',
    });
  }
  const texts = request.inputs.map((input, index) => {
    if (typeof input !== 'string') {
      throw new UnsupportedFeatureError({
        feature: 'token-input',
        message: 'Bedrock embedding models take text only; token arrays cannot be embedded.',
        param: `input[${index}]`,
      });
    }
    return input;
  });
  const { dimensions } = request;
  if (dimensions !== undefined && !BEDROCK_EMBEDDING_DIMENSIONS[family].includes(dimensions)) {
    throw new InvalidRequestError({
      message: `dimensions must be one of ${BEDROCK_EMBEDDING_DIMENSIONS[family].join(', ')} for this model; got ${dimensions}.`,
      param: 'dimensions',
    });
  }
  const providerOptions = options.providerOptions ?? {};
  const warnings: Warning[] = [];
  if (request.user !== undefined) {
    warnings.push({
      type: 'unsupported',
      feature: 'user',
      detail: 'Bedrock embeddings have no end-user id field; it was not sent',
    });
  }
  const calls: BedrockEmbeddingRequest['calls'] = [];
  if (family === 'titan-text-v2') {
    if (providerOptions.input_type !== undefined) warnings.push(unsupportedOption('input_type', family));
    if (providerOptions.truncate !== undefined) warnings.push(unsupportedOption('truncate', family));
    for (const text of texts) {
      const body: TitanEmbeddingRequestBody = { inputText: text };
      if (dimensions !== undefined) body.dimensions = dimensions;
      if (providerOptions.normalize !== undefined) body.normalize = providerOptions.normalize;
      calls.push({ body, inputCount: 1 });
    }
    return { family, calls, warnings };
  }
  if (providerOptions.normalize !== undefined) warnings.push(unsupportedOption('normalize', family));
  const size = BEDROCK_EMBEDDING_MAX_INPUTS_PER_CALL[family];
  for (let first = 0; first < texts.length; first += size) {
    const slice = texts.slice(first, first + size);
    const body: CohereEmbeddingRequestBody = {
      texts: slice,
      input_type: providerOptions.input_type ?? 'search_document',
    };
    if (providerOptions.truncate !== undefined) body.truncate = providerOptions.truncate;
    // v3 has a single size (1024), so an accepted `dimensions` needs no field; v4 chooses with `output_dimension`.
    if (dimensions !== undefined && family === 'cohere-v4') body.output_dimension = dimensions;
    calls.push({ body, inputCount: slice.length });
  }
  return { family, calls, warnings };
}
