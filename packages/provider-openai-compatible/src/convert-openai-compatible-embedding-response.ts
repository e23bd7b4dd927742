import {
  decodeFloat32Base64,
  type EmbeddingPart,
  type EmbeddingVector,
  UpstreamResponseError,
} from '@modelmux/core';
import type { OpenAICompatibleEmbeddingResponse } from './openai-compatible-api-schemas.js';

/**
 * `POST /embeddings` reply → the vectors of one call in input order (by `index`, else position) and its token count.
 * Base64 vectors become `Float32Array`s. A reply with another number of vectors, a repeated or out-of-range index, or
 * undecodable base64 is an `UpstreamResponseError`: a partial result is never passed on as whole.
 */
export function convertOpenAICompatibleEmbeddingResponse(
  response: OpenAICompatibleEmbeddingResponse,
  context: { expectedCount: number; providerId: string; modelId: string },
): EmbeddingPart & { modelId?: string } {
  const fail = (message: string) =>
    new UpstreamResponseError({ message, providerId: context.providerId, modelId: context.modelId });
  const { data } = response;
  if (data.length !== context.expectedCount) {
    throw fail(`The upstream returned ${data.length} embeddings for ${context.expectedCount} inputs.`);
  }
  const embeddings: EmbeddingVector[] = new Array(data.length);
  data.forEach((item, position) => {
    const index = item.index ?? position;
    if (!Number.isInteger(index) || index < 0 || index >= data.length || embeddings[index] !== undefined) {
      throw fail(`The upstream returned an embedding with a repeated or out-of-range index (${index}).`);
    }
    if (typeof item.embedding !== 'string') {
      embeddings[index] = item.embedding;
      return;
    }
    const vector = decodeFloat32Base64(item.embedding);
    if (vector === undefined) throw fail(`The upstream's base64 embedding ${index} is not a float32 array.`);
    embeddings[index] = vector;
  });
  const part: EmbeddingPart & { modelId?: string } = { embeddings };
  const tokens = response.usage?.prompt_tokens ?? response.usage?.total_tokens;
  if (tokens !== null && tokens !== undefined) part.inputTokens = tokens;
  if (response.model !== null && response.model !== undefined) part.modelId = response.model;
  return part;
}
