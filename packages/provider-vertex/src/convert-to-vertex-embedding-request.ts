import {
  type EmbedRequest,
  InvalidRequestError,
  UnsupportedFeatureError,
  type Warning,
} from '@modelmux/core';
import type { VertexEmbeddingProviderOptions } from './vertex-embedding-provider-options.js';

/** One `instances[]` entry of a `:predict` call. */
export interface VertexEmbeddingInstance {
  content: string;
  task_type?: string;
}

/** A whole embedding request in Vertex terms; the caller sends the instances in slices of at most one call each. */
export interface VertexEmbeddingRequest {
  instances: VertexEmbeddingInstance[];
  parameters?: { outputDimensionality: number };
  warnings: Warning[];
}

/**
 * Canonical embedding request → Vertex `:predict` instances and parameters (WIRE-FORMATS §6): `dimensions` →
 * `outputDimensionality`, provider option `task_type` → each instance's `task_type`. Token-array inputs cannot be
 * sent; `user` has no field and is a warning.
 */
export function convertToVertexEmbeddingRequest(
  request: EmbedRequest,
  options: { providerOptions?: VertexEmbeddingProviderOptions } = {},
): VertexEmbeddingRequest {
  if (request.inputs.length === 0) {
    throw new InvalidRequestError({
      message: 'There is nothing to embed: the input is empty.',
      param: 'input',
    });
  }
  const warnings: Warning[] = [];
  const taskType = options.providerOptions?.task_type;
  const instances = request.inputs.map((input, index): VertexEmbeddingInstance => {
    if (typeof input !== 'string') {
      throw new UnsupportedFeatureError({
        feature: 'token-input',
        message: 'Vertex embedding models take text only; token arrays cannot be embedded.',
        param: `input[${index}]`,
      });
    }
    return taskType === undefined ? { content: input } : { content: input, task_type: taskType };
  });
  const result: VertexEmbeddingRequest = { instances, warnings };
  if (request.dimensions !== undefined) result.parameters = { outputDimensionality: request.dimensions };
  if (request.user !== undefined) {
    warnings.push({
      type: 'unsupported',
      feature: 'user',
      detail: 'Vertex embeddings have no end-user id field; it was not sent',
    });
  }
  return result;
}
