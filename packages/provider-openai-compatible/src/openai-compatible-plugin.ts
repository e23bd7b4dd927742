import { defineProviderPlugin } from '@modelmux/core';
import {
  createOpenAICompatibleProvider,
  OPENAI_COMPATIBLE_PROVIDER_TYPE,
} from './openai-compatible-provider.js';
import { openAICompatibleSettingsSchema } from './openai-compatible-settings.js';

/** The `openai-compatible` provider plugin: vLLM, Mistral, Ollama, OpenAI and anything that speaks Chat Completions. */
export const openAICompatiblePlugin = defineProviderPlugin({
  name: '@modelmux/provider-openai-compatible',
  type: OPENAI_COMPATIBLE_PROVIDER_TYPE,
  core: '^1.0.0',
  settingsSchema: openAICompatibleSettingsSchema,
  create: createOpenAICompatibleProvider,
});
