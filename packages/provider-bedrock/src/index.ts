import { bedrockPlugin } from './bedrock-plugin.js';

export default bedrockPlugin;
export { createBedrockProvider } from './bedrock-provider.js';
export type { BedrockChatProviderOptions } from './bedrock-provider-options.js';
export type { BedrockModelDefaults, BedrockSettings, BedrockSettingsInput } from './bedrock-settings.js';
export { bedrockPlugin };
