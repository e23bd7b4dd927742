import { InvalidRequestError, type ProviderOptions } from '@modelmux/core';
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
  const options = providerOptions?.[providerType];
  if (options === undefined) return undefined;
  const parsed = vertexEmbeddingProviderOptionsSchema.safeParse(options);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const keys = issue?.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [];
  const path = ['provider_options', providerType, ...(issue?.path ?? []).map(String), ...keys].join('.');
  throw new InvalidRequestError({
    code: 'MMX_REQUEST_PROVIDER_OPTIONS_INVALID',
    message: `Invalid provider option ${path}: ${issue?.message ?? 'invalid'}`,
    param: path,
  });
}
