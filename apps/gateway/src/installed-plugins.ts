import chatCompletionsApiPlugin from '@modelmux/api-chat-completions';
import type { ApiPlugin, ProviderPlugin } from '@modelmux/core';
import bedrockPlugin from '@modelmux/provider-bedrock';
import openAICompatiblePlugin from '@modelmux/provider-openai-compatible';
import vertexPlugin from '@modelmux/provider-vertex';

/** The provider plugins this build of the gateway ships with. */
export function installedProviderPlugins(): Array<ProviderPlugin<never>> {
  return [
    openAICompatiblePlugin as ProviderPlugin<never>,
    vertexPlugin as ProviderPlugin<never>,
    bedrockPlugin as ProviderPlugin<never>,
  ];
}

/** The client APIs this build of the gateway serves. */
export function installedApiPlugins(): ApiPlugin[] {
  return [chatCompletionsApiPlugin];
}
