import { ollamaPlugin } from './ollama-plugin.js';

export default ollamaPlugin;
export { createOllamaProvider } from './ollama-provider.js';
export type { OllamaProviderOptions } from './ollama-provider-options.js';
export type {
  OllamaKeepAlive,
  OllamaModelDefaults,
  OllamaSettings,
  OllamaSettingsInput,
  OllamaThink,
} from './ollama-settings.js';
export { ollamaPlugin };
