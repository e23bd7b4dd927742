import { type EmbeddingVector, type EmbedResult, type EncodeMeta, encodeFloat32Base64 } from '@modelmux/core';
import type { EmbeddingsEncodeOptions } from './decode-embeddings-request.js';

function encodeVector(
  vector: EmbeddingVector,
  format: EmbeddingsEncodeOptions['encodingFormat'],
): number[] | string {
  if (format === 'base64') return encodeFloat32Base64(vector);
  return Array.isArray(vector) ? vector : Array.from(vector);
}

/**
 * Canonical result → OpenAI's embeddings list: one item per input with its `index`, vectors as numbers or as base64
 * of little-endian float32 (byte for byte what OpenAI sends), and usage. A token count the upstream did not report is
 * sent as 0, since the schema requires one.
 */
export function encodeEmbeddingsResult(
  result: EmbedResult,
  meta: EncodeMeta,
  options: EmbeddingsEncodeOptions,
): Record<string, unknown> {
  const format = options.encodingFormat;
  const data = result.embeddings.map((vector, index) => ({
    object: 'embedding',
    index,
    embedding: encodeVector(vector, format),
  }));
  const tokens = result.usage.inputTokens ?? 0;
  return {
    object: 'list',
    data,
    model: meta.modelReference,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
