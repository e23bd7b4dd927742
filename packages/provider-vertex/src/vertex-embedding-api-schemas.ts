import { z } from 'zod';

// Minimal, lenient schema of the `:predict` answer of the Vertex text embedding models (WIRE-FORMATS §6): only the
// fields we read. `statistics` is snake_case here (`token_count`), unlike the newer `embedContent` types.
export const vertexEmbeddingResponseSchema = z.object({
  predictions: z.array(
    z.object({
      embeddings: z.object({
        values: z.array(z.number()),
        statistics: z
          .object({ token_count: z.number().nullish(), truncated: z.boolean().nullish() })
          .nullish(),
      }),
    }),
  ),
});

export type VertexEmbeddingResponse = z.infer<typeof vertexEmbeddingResponseSchema>;
