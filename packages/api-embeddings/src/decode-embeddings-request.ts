import { type DecodedRequest, type EmbedRequest, InvalidRequestError, type Warning } from '@modelmux/core';

/** Options that only affect how the reply is encoded. */
export interface EmbeddingsEncodeOptions {
  encodingFormat: 'float' | 'base64';
}

/** OpenAI's limit on inputs per request, and the default maximum. */
export const DEFAULT_MAX_EMBEDDING_INPUTS = 2048;

const MAPPED_FIELDS: ReadonlySet<string> = new Set([
  'model',
  'input',
  'encoding_format',
  'dimensions',
  'user',
  'provider_options',
]);

function invalid(message: string, param: string): InvalidRequestError {
  return new InvalidRequestError({ message, param });
}

function isTokenArray(value: unknown): value is number[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => typeof item === 'number' && Number.isInteger(item) && item >= 0)
  );
}

/** OpenAI's four `input` shapes → the canonical list: a string, strings, one token array, token arrays. */
function decodeInputs(input: unknown): Array<string | number[]> {
  const expected =
    "'input' must be a non-empty string, an array of non-empty strings, an array of token ids, or an array of token id arrays";
  if (typeof input === 'string') {
    if (input === '') throw invalid(`${expected}; it is an empty string.`, 'input');
    return [input];
  }
  if (!Array.isArray(input) || input.length === 0) throw invalid(`${expected}.`, 'input');
  if (typeof input[0] === 'number') {
    if (!isTokenArray(input)) throw invalid(`${expected}; token ids are non-negative integers.`, 'input');
    return [input];
  }
  const kind = typeof input[0] === 'string' ? 'string' : 'tokens';
  input.forEach((item, index) => {
    const fits = kind === 'string' ? typeof item === 'string' && item !== '' : isTokenArray(item);
    if (!fits) {
      const what = kind === 'string' ? 'a non-empty string' : 'a non-empty array of token ids';
      throw invalid(
        `Invalid value for 'input[${index}]': expected ${what} like the other inputs.`,
        `input[${index}]`,
      );
    }
  });
  return input as Array<string | number[]>;
}

function isRecordOfRecords(value: unknown): value is Record<string, Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (entry) => typeof entry === 'object' && entry !== null && !Array.isArray(entry),
  );
}

/**
 * An OpenAI `POST /v1/embeddings` body → the canonical request. Bad values are an `InvalidRequestError` naming the
 * field; more than `maxInputs` inputs is one too. Fields the Embeddings API does not define are warnings, never
 * dropped silently. `encoding_format: "base64"` tells providers the client gets raw float32.
 */
export function decodeEmbeddingsRequest(
  body: unknown,
  options: { maxInputs: number } = { maxInputs: DEFAULT_MAX_EMBEDDING_INPUTS },
): DecodedRequest<EmbedRequest> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('The request body must be a JSON object.', 'body');
  }
  const wire = body as Record<string, unknown>;
  if (typeof wire.model !== 'string' || wire.model === '')
    throw invalid("'model' is required and must be a non-empty string.", 'model');
  const inputs = decodeInputs(wire.input);
  if (inputs.length > options.maxInputs) {
    throw invalid(
      `'input' has ${inputs.length} items; this gateway accepts at most ${options.maxInputs} per request.`,
      'input',
    );
  }
  const encodingFormat = wire.encoding_format ?? 'float';
  if (encodingFormat !== 'float' && encodingFormat !== 'base64')
    throw invalid("'encoding_format' must be 'float' or 'base64'.", 'encoding_format');
  const request: EmbedRequest = { inputs };
  if (encodingFormat === 'base64') request.acceptsFloat32Vectors = true;
  if (wire.dimensions !== undefined && wire.dimensions !== null) {
    if (typeof wire.dimensions !== 'number' || !Number.isInteger(wire.dimensions) || wire.dimensions < 1)
      throw invalid("'dimensions' must be an integer of at least 1.", 'dimensions');
    request.dimensions = wire.dimensions;
  }
  if (wire.user !== undefined && wire.user !== null) {
    if (typeof wire.user !== 'string') throw invalid("'user' must be a string.", 'user');
    request.user = wire.user;
  }
  if (wire.provider_options !== undefined && wire.provider_options !== null) {
    if (!isRecordOfRecords(wire.provider_options))
      throw invalid("'provider_options' must map provider types to objects of options.", 'provider_options');
    request.providerOptions = wire.provider_options;
  }
  const warnings: Warning[] = [];
  for (const name of Object.keys(wire)) {
    if (!MAPPED_FIELDS.has(name) && wire[name] !== undefined)
      warnings.push({
        type: 'unsupported',
        feature: name,
        detail:
          'not a field of the Embeddings API; ignored (send provider-specific fields in provider_options)',
      });
  }
  return {
    modelReference: wire.model,
    request,
    stream: false,
    encodeOptions: { encodingFormat } satisfies EmbeddingsEncodeOptions,
    warnings,
  };
}
