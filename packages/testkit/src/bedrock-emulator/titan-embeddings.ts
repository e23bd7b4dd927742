import { countWords } from '../openai-compatible-emulator/count-words.js';
import { emulatedEmbedding } from '../openai-compatible-emulator/emulator-embeddings.js';

/** Titan Text Embeddings V2's default `dimensions`. */
export const DEFAULT_TITAN_DIMENSIONS = 1024;
const TITAN_DIMENSIONS: readonly unknown[] = [256, 512, 1024];
const EMBEDDING_TYPES: readonly unknown[] = ['float', 'binary'];
/** How much longer than unit length a vector is when the request asks for `normalize: false`. */
const UNNORMALIZED_SCALE = 2;

/** A Titan embedding reply, or the message of the `ValidationException` to answer instead. */
export type TitanEmbeddingResult = { body: Record<string, unknown>; tokens: number } | { invalid: string };

function readEmbeddingTypes(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length === 0 || !value.every((type) => EMBEDDING_TYPES.includes(type)))
    return undefined;
  return value as string[];
}

/**
 * Answers a Titan Text Embeddings (V2) `InvokeModel` body `{inputText, dimensions?, normalize?, embeddingTypes?}`:
 * `{embedding, inputTextTokenCount}` (plus `embeddingsByType` when `embeddingTypes` is given). The vector is the
 * emulator's deterministic one for the text; `normalize: false` doubles its length. Tokens are words.
 */
export function titanEmbedding(body: unknown): TitanEmbeddingResult {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { inputText, dimensions = DEFAULT_TITAN_DIMENSIONS, normalize = true } = fields;
  if (typeof inputText !== 'string' || inputText === '')
    return {
      invalid:
        'Malformed input request: #: required key [inputText] not found, please reformat your input and try again.',
    };
  if (!TITAN_DIMENSIONS.includes(dimensions))
    return {
      invalid:
        'Malformed input request: #/dimensions: must be one of 256, 512, 1024, please reformat your input and try again.',
    };
  if (typeof normalize !== 'boolean')
    return {
      invalid:
        'Malformed input request: #/normalize: expected type: Boolean, please reformat your input and try again.',
    };
  const types = readEmbeddingTypes(fields.embeddingTypes);
  if (types === undefined)
    return {
      invalid:
        'Malformed input request: #/embeddingTypes: items must be "float" or "binary", please reformat your input and try again.',
    };
  const scale = normalize ? 1 : UNNORMALIZED_SCALE;
  const embedding = Array.from(emulatedEmbedding(inputText, dimensions as number), (value) => value * scale);
  const tokens = Math.max(1, countWords(inputText));
  const result: Record<string, unknown> = { embedding, inputTextTokenCount: tokens };
  if (types.length > 0) {
    const byType: Record<string, number[]> = {};
    if (types.includes('float')) byType.float = embedding;
    if (types.includes('binary')) byType.binary = embedding.map((value) => (value > 0 ? 1 : 0));
    result.embeddingsByType = byType;
  }
  return { body: result, tokens };
}
