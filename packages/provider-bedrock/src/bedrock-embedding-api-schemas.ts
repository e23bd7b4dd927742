import { z } from 'zod';

// Minimal, lenient schemas of the InvokeModel answers of the embedding models (WIRE-FORMATS §7.9): only the fields
// we read.

/** Titan Text Embeddings V2: one vector per call, with its token count. */
export const titanEmbeddingResponseSchema = z.object({
  embedding: z.array(z.number()),
  inputTextTokenCount: z.number().nullish(),
});

export type TitanEmbeddingResponse = z.infer<typeof titanEmbeddingResponseSchema>;

const vectorsSchema = z.array(z.array(z.number()));

/**
 * Cohere Embed: `embeddings` is the list of float vectors (`embeddings_floats`), or an object keyed by type
 * (`embeddings_by_type`, which v4 and requests with `embedding_types` get). No token count in the body.
 */
export const cohereEmbeddingResponseSchema = z.object({
  embeddings: z.union([vectorsSchema, z.looseObject({ float: vectorsSchema })]),
});

export type CohereEmbeddingResponse = z.infer<typeof cohereEmbeddingResponseSchema>;
