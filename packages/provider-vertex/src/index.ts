import { vertexPlugin } from './vertex-plugin.js';

export default vertexPlugin;
export type { VertexAnthropicProviderOptions } from './vertex-anthropic-provider-options.js';
export { createVertexProvider } from './vertex-provider.js';
export type { VertexModelDefaults, VertexSettings, VertexSettingsInput } from './vertex-settings.js';
export { vertexPlugin };
