import chatCompletionsApiPlugin from '@modelmux/api-chat-completions';
import { createEmbeddingsApiPlugin } from '@modelmux/api-embeddings';
import responsesApiPlugin from '@modelmux/api-responses';
import type { ApiPlugin, ProviderPlugin } from '@modelmux/core';
import azurePlugin from '@modelmux/provider-azure';
import bedrockPlugin from '@modelmux/provider-bedrock';
import openAICompatiblePlugin from '@modelmux/provider-openai-compatible';
import vertexPlugin from '@modelmux/provider-vertex';
import type { GatewayConfig } from './config/gateway-config-schema.js';

/** The provider plugins this build of the gateway ships with. */
export function installedProviderPlugins(): Array<ProviderPlugin<never>> {
  return [
    openAICompatiblePlugin as ProviderPlugin<never>,
    vertexPlugin as ProviderPlugin<never>,
    bedrockPlugin as ProviderPlugin<never>,
    azurePlugin as ProviderPlugin<never>,
  ];
}

/** The client APIs this build of the gateway serves, with the limits from config. */
export function installedApiPlugins(config?: Pick<GatewayConfig, 'embeddings'>): ApiPlugin[] {
  return [
    chatCompletionsApiPlugin,
    responsesApiPlugin,
    createEmbeddingsApiPlugin({ maxInputs: config?.embeddings.max_inputs }),
  ];
}
