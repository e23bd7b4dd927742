import { type ProviderOptions, parseProviderOptions } from '@modelmux/core';
import { z } from 'zod';

/** Cohere's `input_type` values (WIRE-FORMATS §7.9). */
export const COHERE_EMBEDDING_INPUT_TYPES = [
  'search_document',
  'search_query',
  'classification',
  'clustering',
] as const;

/**
 * `providerOptions.bedrock` for embedding models: strict, so a typo is an error rather than a silent no-op. An option
 * the model's family has no field for is a warning (see `convertToBedrockEmbeddingRequest`).
 */
export const bedrockEmbeddingProviderOptionsSchema = z.strictObject({
  /** Cohere → `input_type` (default `search_document`). */
  input_type: z.enum(COHERE_EMBEDDING_INPUT_TYPES).optional(),
  /** Cohere → `truncate`: `NONE` (Cohere's default: too long is an error), `START` or `END`. */
  truncate: z.enum(['NONE', 'START', 'END']).optional(),
  /** Titan → `normalize` (Titan's default: true). */
  normalize: z.boolean().optional(),
});

export type BedrockEmbeddingProviderOptions = z.infer<typeof bedrockEmbeddingProviderOptionsSchema>;

/** Parses the embedding options out of a request; unknown keys or bad values are an `InvalidRequestError`. */
export function parseBedrockEmbeddingProviderOptions(
  providerOptions: ProviderOptions | undefined,
  providerType: string,
): BedrockEmbeddingProviderOptions | undefined {
  return parseProviderOptions(bedrockEmbeddingProviderOptionsSchema, providerOptions, providerType);
}
