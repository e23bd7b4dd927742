import { defineProviderPlugin } from '@modelmux/core';
import { createVertexProvider, VERTEX_PROVIDER_TYPE } from './vertex-provider.js';
import { vertexSettingsSchema } from './vertex-settings.js';

/** The `vertex` provider plugin: Claude and Gemini on Google Vertex AI, and Vertex text embeddings. */
export const vertexPlugin = defineProviderPlugin({
  name: '@modelmux/provider-vertex',
  type: VERTEX_PROVIDER_TYPE,
  core: '^1.0.0',
  settingsSchema: vertexSettingsSchema,
  create: createVertexProvider,
});
