import { defineProviderPlugin } from '@modelmux/core';
import { createOllamaProvider, OLLAMA_PROVIDER_TYPE } from './ollama-provider.js';
import { ollamaSettingsSchema } from './ollama-settings.js';

/** The Ollama provider plugin; load it with `type = "@acme/modelmux-provider-ollama"` in the gateway config. */
export const ollamaPlugin = defineProviderPlugin({
  name: '@acme/modelmux-provider-ollama',
  type: OLLAMA_PROVIDER_TYPE,
  core: '^1.0.0',
  settingsSchema: ollamaSettingsSchema,
  create: createOllamaProvider,
});
