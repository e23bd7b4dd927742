import { type ProviderOptions, parseProviderOptions } from '@modelmux/core';
import { z } from 'zod';

/** The `task_type` values of the Vertex text embedding models (WIRE-FORMATS §6). */
export const VERTEX_EMBEDDING_TASK_TYPES = [
  'RETRIEVAL_QUERY',
  'RETRIEVAL_DOCUMENT',
  'SEMANTIC_SIMILARITY',
  'CLASSIFICATION',
  'CLUSTERING',
  'QUESTION_ANSWERING',
  'FACT_VERIFICATION',
  'CODE_RETRIEVAL_QUERY',
] as const;

/** `providerOptions.vertex` for embedding models: strict, so a typo is an error rather than a silent no-op. */
export const vertexEmbeddingProviderOptionsSchema = z.strictObject({
  /** → `instances[].task_type`. */
  task_type: z.enum(VERTEX_EMBEDDING_TASK_TYPES).optional(),
});

export type VertexEmbeddingProviderOptions = z.infer<typeof vertexEmbeddingProviderOptionsSchema>;

/** Parses the embedding options out of a request; unknown keys or bad values are an `InvalidRequestError`. */
export function parseVertexEmbeddingProviderOptions(
  providerOptions: ProviderOptions | undefined,
  providerType: string,
): VertexEmbeddingProviderOptions | undefined {
  return parseProviderOptions(vertexEmbeddingProviderOptionsSchema, providerOptions, providerType);
}
