import { createEmbeddingsApiPlugin } from './embeddings-api-plugin.js';

/** `POST /v1/embeddings` with the default limits. */
const embeddingsApiPlugin = createEmbeddingsApiPlugin();

export default embeddingsApiPlugin;
export {
  DEFAULT_MAX_EMBEDDING_INPUTS,
  decodeEmbeddingsRequest,
  type EmbeddingsEncodeOptions,
} from './decode-embeddings-request.js';
export { createEmbeddingsApiPlugin } from './embeddings-api-plugin.js';
export { createEmbeddingsConverter, type EmbeddingsConverterOptions } from './embeddings-converter.js';
export { encodeEmbeddingsResult } from './encode-embeddings-result.js';
export { embeddingsApiPlugin };
