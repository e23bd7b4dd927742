import { UpstreamResponseError, type Warning } from '@modelmux/core';
import type { VertexEmbeddingResponse } from './vertex-embedding-api-schemas.js';

/** The vectors and token count of one `:predict` call. */
export interface VertexEmbeddingPartResult {
  embeddings: number[][];
  /** Sum of `statistics.token_count`; undefined when any prediction lacks it. */
  inputTokens?: number;
}

/**
 * One `:predict` answer → its vectors in input order and its token count. `firstIndex` is the position of the call's
 * first input in the whole request, for warnings; a prediction count that differs from the input count is an
 * invalid response, and an input Vertex truncated is a warning.
 */
export function convertVertexEmbeddingResponse(
  response: VertexEmbeddingResponse,
  options: { expectedCount: number; firstIndex: number; providerId?: string; modelId?: string },
  warnings: Warning[],
): VertexEmbeddingPartResult {
  const { predictions } = response;
  if (predictions.length !== options.expectedCount) {
    throw new UpstreamResponseError({
      message: `Vertex returned ${predictions.length} embeddings for ${options.expectedCount} inputs.`,
      providerId: options.providerId,
      modelId: options.modelId,
    });
  }
  const embeddings: number[][] = [];
  let inputTokens: number | undefined = 0;
  predictions.forEach((prediction, index) => {
    const { values, statistics } = prediction.embeddings;
    embeddings.push(values);
    const tokenCount = statistics?.token_count;
    inputTokens =
      inputTokens === undefined || typeof tokenCount !== 'number' ? undefined : inputTokens + tokenCount;
    if (statistics?.truncated === true) {
      warnings.push({
        type: 'compatibility',
        feature: 'input-truncated',
        detail: `input[${options.firstIndex + index}] was longer than the model accepts; Vertex embedded its beginning only`,
      });
    }
  });
  return inputTokens === undefined ? { embeddings } : { embeddings, inputTokens };
}
