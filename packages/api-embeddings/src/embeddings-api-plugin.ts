import { type ApiPlugin, defineApiPlugin } from '@modelmux/core';
import { createEmbeddingsConverter, type EmbeddingsConverterOptions } from './embeddings-converter.js';

/** `POST /v1/embeddings`, with the given limits. */
export function createEmbeddingsApiPlugin(options: EmbeddingsConverterOptions = {}): ApiPlugin {
  return defineApiPlugin({
    name: '@modelmux/api-embeddings',
    core: '^1.0.0',
    routes: [
      {
        method: 'POST',
        path: '/v1/embeddings',
        operation: 'embed',
        converter: createEmbeddingsConverter(options),
      },
    ],
  });
}
