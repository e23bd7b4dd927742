import type { EmulatorExchange } from '../shared/emulator-exchange.js';
import { countWords } from './count-words.js';
import { openAiError } from './openai-error.js';

/** Vector length when the request does not ask for `dimensions`. */
export const DEFAULT_EMBEDDING_DIMENSIONS = 8;
const MAX_DIMENSIONS = 65_536;

interface EmbeddingInput {
  /** What the vector is derived from. */
  seedText: string;
  tokens: number;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The emulator's embedding of a text: `dimensions` float32 values with unit length, derived deterministically from
 * the text (FNV-1a seed, mulberry32 sequence). Equal texts give equal vectors, different texts different ones.
 */
export function emulatedEmbedding(text: string, dimensions: number): Float32Array {
  let state = fnv1a(text);
  const values = new Float64Array(dimensions);
  let squares = 0;
  for (let index = 0; index < dimensions; index++) {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    const value = ((mixed ^ (mixed >>> 14)) >>> 0) / 2_147_483_648 - 1;
    values[index] = value;
    squares += value * value;
  }
  const norm = Math.sqrt(squares) || 1;
  const vector = new Float32Array(dimensions);
  for (let index = 0; index < dimensions; index++) vector[index] = values[index]! / norm;
  return vector;
}

/** Encodes a vector as OpenAI does for `encoding_format: 'base64'`: little-endian float32 bytes in base64. */
export function encodeEmbeddingBase64(vector: Float32Array): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (let index = 0; index < vector.length; index++) bytes.writeFloatLE(vector[index]!, index * 4);
  return bytes.toString('base64');
}

function isTokenArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => Number.isInteger(item));
}

/** The inputs of an embeddings request, or undefined when `input` is not one of OpenAI's four shapes. */
function readInputs(input: unknown): EmbeddingInput[] | undefined {
  if (typeof input === 'string')
    return input === '' ? undefined : [{ seedText: input, tokens: countWords(input) }];
  if (isTokenArray(input)) return [{ seedText: `tokens:${input.join(',')}`, tokens: input.length }];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  const inputs: EmbeddingInput[] = [];
  for (const item of input) {
    if (typeof item === 'string' && item !== '') inputs.push({ seedText: item, tokens: countWords(item) });
    else if (isTokenArray(item)) inputs.push({ seedText: `tokens:${item.join(',')}`, tokens: item.length });
    else return undefined;
  }
  return inputs;
}

function invalid(exchange: EmulatorExchange, message: string, param: string): void {
  exchange.sendJson(400, openAiError(message, 'invalid_request_error', param));
}

/**
 * Encoded vectors by format, size and text. The vectors are deterministic, so a repeated text (a benchmark sends the
 * same batch again and again) costs a lookup instead of a recomputation that would make the emulator the bottleneck.
 */
export class EmbeddingCache {
  private readonly entries = new Map<string, string | number[]>();

  /** `limit` 0 keeps nothing. */
  constructor(private readonly limit = 4096) {}

  get(seedText: string, dimensions: number, base64: boolean): string | number[] {
    const key = `${base64 ? 'b' : 'f'}${dimensions}:${seedText}`;
    let embedding = this.entries.get(key);
    if (embedding === undefined) {
      const vector = emulatedEmbedding(seedText, dimensions);
      embedding = base64 ? encodeEmbeddingBase64(vector) : Array.from(vector);
      if (this.limit === 0) return embedding;
      if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, embedding);
    }
    return embedding;
  }
}

/** Answers `POST /v1/embeddings` with deterministic vectors, as floats or as OpenAI's base64 encoding. */
export function handleEmbeddings(
  exchange: EmulatorExchange,
  body: unknown,
  cache: EmbeddingCache = new EmbeddingCache(0),
): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    invalid(exchange, 'The request body must be a JSON object.', 'input');
    return;
  }
  const { model, input, dimensions, encoding_format: encodingFormat } = body as Record<string, unknown>;
  if (typeof model !== 'string') {
    exchange.sendJson(400, openAiError('you must provide a model parameter', 'invalid_request_error'));
    return;
  }
  const inputs = readInputs(input);
  if (inputs === undefined) {
    invalid(exchange, "'input' must be a non-empty string, an array of them, or token arrays.", 'input');
    return;
  }
  let size = DEFAULT_EMBEDDING_DIMENSIONS;
  if (dimensions !== undefined) {
    if (
      typeof dimensions !== 'number' ||
      !Number.isInteger(dimensions) ||
      dimensions < 1 ||
      dimensions > MAX_DIMENSIONS
    ) {
      invalid(exchange, `'dimensions' must be an integer from 1 to ${MAX_DIMENSIONS}.`, 'dimensions');
      return;
    }
    size = dimensions;
  }
  if (encodingFormat !== undefined && encodingFormat !== 'float' && encodingFormat !== 'base64') {
    invalid(exchange, "'encoding_format' must be 'float' or 'base64'.", 'encoding_format');
    return;
  }
  let promptTokens = 0;
  const data = inputs.map((item, index) => {
    promptTokens += Math.max(1, item.tokens);
    const embedding = cache.get(item.seedText, size, encodingFormat === 'base64');
    return { object: 'embedding', index, embedding };
  });
  exchange.sendJson(200, {
    object: 'list',
    data,
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
}
