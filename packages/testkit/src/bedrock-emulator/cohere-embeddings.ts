import { randomUUID } from 'node:crypto';
import { countWords } from '../openai-compatible-emulator/count-words.js';
import { emulatedEmbedding } from '../openai-compatible-emulator/emulator-embeddings.js';

/** Vector length of Cohere Embed v3 models. */
export const COHERE_V3_DIMENSIONS = 1024;
/** Default vector length of Cohere Embed v4 (`output_dimension` may ask for 256, 512, 1024 or 1536). */
export const COHERE_V4_DIMENSIONS = 1536;
const MAX_TEXTS = 96;
const INPUT_TYPES: readonly unknown[] = ['search_document', 'search_query', 'classification', 'clustering'];
const OUTPUT_DIMENSIONS: readonly unknown[] = [256, 512, 1024, 1536];
const EMBEDDING_TYPES: readonly unknown[] = ['float', 'int8', 'uint8'];

/** A Cohere embedding reply, or the message of the `ValidationException` to answer instead. */
export type CohereEmbeddingResult = { body: Record<string, unknown>; tokens: number } | { invalid: string };

function invalid(detail: string): { invalid: string } {
  return { invalid: `Malformed input request: ${detail}, please reformat your input and try again.` };
}

function quantize(vector: readonly number[], type: string): number[] {
  if (type === 'int8') return vector.map((value) => Math.max(-128, Math.min(127, Math.round(value * 127))));
  if (type === 'uint8')
    return vector.map((value) => Math.max(0, Math.min(255, Math.round(value * 127 + 128))));
  return [...vector];
}

/**
 * Answers a Cohere Embed `InvokeModel` body `{texts, input_type, embedding_types?, truncate?, output_dimension?}`:
 * `{id, response_type: 'embeddings_floats', texts, embeddings: [[…]]}`, or with `embedding_types`
 * `{…, response_type: 'embeddings_by_type', embeddings: {float: [[…]], …}}` (`float`, `int8`, `uint8`). Vectors
 * are the emulator's deterministic ones per text; tokens are words.
 */
export function cohereEmbeddings(body: unknown, modelId: string): CohereEmbeddingResult {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { texts, input_type: inputType, embedding_types: types, output_dimension: outputDimension } = fields;
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((text) => typeof text === 'string'))
    return invalid('#/texts: expected a non-empty list of strings');
  if (texts.length > MAX_TEXTS) return invalid(`#/texts: expected maximum item count: ${MAX_TEXTS}`);
  if (!INPUT_TYPES.includes(inputType))
    return invalid(`#/input_type: ${JSON.stringify(inputType ?? null)} is not a valid enum value`);
  if (
    types !== undefined &&
    (!Array.isArray(types) || !types.every((type) => EMBEDDING_TYPES.includes(type)))
  )
    return invalid('#/embedding_types: the emulator serves float, int8 and uint8');
  const v4 = modelId.includes('embed-v4');
  if (outputDimension !== undefined && (!v4 || !OUTPUT_DIMENSIONS.includes(outputDimension)))
    return invalid('#/output_dimension: must be one of 256, 512, 1024, 1536 (Embed v4 only)');
  const dimensions =
    (outputDimension as number | undefined) ?? (v4 ? COHERE_V4_DIMENSIONS : COHERE_V3_DIMENSIONS);
  const vectors = (texts as string[]).map((text) => Array.from(emulatedEmbedding(text, dimensions)));
  const tokens = (texts as string[]).reduce((sum, text) => sum + Math.max(1, countWords(text)), 0);
  const id = randomUUID();
  if (types === undefined)
    return { body: { id, response_type: 'embeddings_floats', texts, embeddings: vectors }, tokens };
  const embeddings: Record<string, number[][]> = {};
  for (const type of types as string[]) embeddings[type] = vectors.map((vector) => quantize(vector, type));
  return { body: { id, response_type: 'embeddings_by_type', texts, embeddings }, tokens };
}
