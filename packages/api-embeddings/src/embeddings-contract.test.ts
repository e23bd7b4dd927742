import { describeEmbedConverterContract, validateOpenAiSchema } from '@modelmux/testkit';
import { createEmbeddingsConverter } from './embeddings-converter.js';

/** How openai-node reads a base64 embedding: little-endian float32. */
function readVector(embedding: unknown): number[] {
  if (Array.isArray(embedding)) return embedding as number[];
  const bytes = Buffer.from(String(embedding), 'base64');
  return Array.from({ length: bytes.length / 4 }, (_, index) => bytes.readFloatLE(index * 4));
}

/**
 * The OpenAPI spec only describes float vectors; a base64 reply is checked as the SDK sees it once decoded.
 */
function decodedBody(body: unknown): unknown {
  const list = body as { data?: Array<{ embedding: unknown }> };
  if (!Array.isArray(list.data)) return body;
  return { ...list, data: list.data.map((item) => ({ ...item, embedding: readVector(item.embedding) })) };
}

describeEmbedConverterContract({
  name: '@modelmux/api-embeddings',
  converter: createEmbeddingsConverter({ maxInputs: 4 }),
  validRequests: [
    { body: { model: 'embed', input: 'one text' }, modelReference: 'embed', inputCount: 1 },
    {
      body: { model: 'vertex:text-embedding-005', input: ['a', 'b', 'c'], encoding_format: 'base64' },
      modelReference: 'vertex:text-embedding-005',
      inputCount: 3,
    },
    { body: { model: 'e', input: [1, 2, 3], encoding_format: 'float' }, modelReference: 'e', inputCount: 1 },
    {
      body: { model: 'e', input: [[1, 2], [3]], dimensions: 256, user: 'u' },
      modelReference: 'e',
      inputCount: 2,
    },
  ],
  invalidRequests: [
    { body: [], param: 'body' },
    { body: { input: 'x' }, param: 'model' },
    { body: { model: 'e' }, param: 'input' },
    { body: { model: 'e', input: '' }, param: 'input' },
    { body: { model: 'e', input: [] }, param: 'input' },
    { body: { model: 'e', input: ['a', ''] }, param: 'input[1]' },
    { body: { model: 'e', input: ['a', [1]] }, param: 'input[1]' },
    { body: { model: 'e', input: [[1], 'a'] }, param: 'input[1]' },
    { body: { model: 'e', input: [1, -2] }, param: 'input' },
    { body: { model: 'e', input: [1.5] }, param: 'input' },
    { body: { model: 'e', input: ['a', 'b', 'c', 'd', 'e'] }, param: 'input' },
    { body: { model: 'e', input: 'x', encoding_format: 'int8' }, param: 'encoding_format' },
    { body: { model: 'e', input: 'x', dimensions: 0 }, param: 'dimensions' },
    { body: { model: 'e', input: 'x', dimensions: 1.5 }, param: 'dimensions' },
    { body: { model: 'e', input: 'x', user: 42 }, param: 'user' },
    { body: { model: 'e', input: 'x', provider_options: { bedrock: 1 } }, param: 'provider_options' },
  ],
  checkResult: (body) => validateOpenAiSchema('CreateEmbeddingResponse', decodedBody(body)),
  readVectors: (body) =>
    (body as { data: Array<{ embedding: unknown }> }).data.map((item) => readVector(item.embedding)),
  checkError: (body) => validateOpenAiSchema('ErrorResponse', body),
});
