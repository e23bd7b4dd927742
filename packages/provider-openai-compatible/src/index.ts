import { openAICompatiblePlugin } from './openai-compatible-plugin.js';

export default openAICompatiblePlugin;
export { createOpenAICompatibleProvider } from './openai-compatible-provider.js';
export type { OpenAICompatibleProviderOptions } from './openai-compatible-provider-options.js';
export type {
  OpenAICompatibleModelDefaults,
  OpenAICompatibleSettings,
  OpenAICompatibleSettingsInput,
} from './openai-compatible-settings.js';
export { openAICompatiblePlugin };
