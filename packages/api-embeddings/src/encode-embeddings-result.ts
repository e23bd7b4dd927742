import {
  type EmbeddingVector,
  type EmbedResult,
  type EncodeMeta,
  encodeFloat32Base64,
  SerializedJson,
} from '@modelmux/core';
import type { EmbeddingsEncodeOptions } from './decode-embeddings-request.js';

function encodeVectorJson(
  vector: EmbeddingVector,
  format: EmbeddingsEncodeOptions['encodingFormat'],
): string {
  // Base64 has no character JSON escapes.
  if (format === 'base64') return `"${encodeFloat32Base64(vector)}"`;
  return JSON.stringify(Array.isArray(vector) ? vector : Array.from(vector));
}

/**
 * Canonical result → OpenAI's embeddings list: one item per input with its `index`, vectors as numbers or as base64
 * of little-endian float32 (byte for byte what OpenAI sends), and usage. A token count the upstream did not report is
 * sent as 0, since the schema requires one. The body is written as JSON text directly: a batch of vectors is large,
 * and a generic serializer would scan every base64 character again.
 */
export function encodeEmbeddingsResult(
  result: EmbedResult,
  meta: EncodeMeta,
  options: EmbeddingsEncodeOptions,
): SerializedJson {
  const format = options.encodingFormat;
  let data = '';
  result.embeddings.forEach((vector, index) => {
    data += `${index === 0 ? '' : ','}{"object":"embedding","index":${index},"embedding":${encodeVectorJson(vector, format)}}`;
  });
  const tokens = result.usage.inputTokens ?? 0;
  return new SerializedJson(
    `{"object":"list","data":[${data}],"model":${JSON.stringify(meta.modelReference)},"usage":{"prompt_tokens":${tokens},"total_tokens":${tokens}}}`,
  );
}
