import type { Provider, ProviderDeps } from '@modelmux/core';
import { createSecretRedactor } from '@modelmux/core/http';
import { resolveSecret } from '@modelmux/core/settings';
import { OpenAICompatibleChatModel } from './openai-compatible-chat-model.js';
import type { OpenAICompatibleModelConfig } from './openai-compatible-config.js';
import { OpenAICompatibleEmbeddingModel } from './openai-compatible-embedding-model.js';
import { createOpenAICompatibleFailedResponseHandler } from './openai-compatible-error.js';
import { createPassthroughModelFactory } from './openai-compatible-passthrough-model.js';
import type { OpenAICompatibleSettings } from './openai-compatible-settings.js';
import { VERSION } from './version.js';

export const OPENAI_COMPATIBLE_PROVIDER_TYPE = 'openai-compatible';

/** Builds a provider instance for any server that speaks Chat Completions. */
export function createOpenAICompatibleProvider(
  settings: OpenAICompatibleSettings,
  deps: ProviderDeps & { id: string },
): Provider {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': `modelmux/provider-openai-compatible/${VERSION}`,
    ...Object.fromEntries(
      Object.entries(settings.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    ),
  };
  const apiKey =
    settings.api_key === undefined ? undefined : resolveSecret(settings.api_key, deps.env, 'api_key');
  if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`;
  const models = settings.models ?? {};
  const config: OpenAICompatibleModelConfig = {
    providerId: deps.id,
    providerType: OPENAI_COMPATIBLE_PROVIDER_TYPE,
    url: (path) => `${settings.base_url}${path}`,
    headers: Object.freeze(headers),
    dispatcher: deps.dispatcher,
    failedResponseHandler: createOpenAICompatibleFailedResponseHandler({
      redact: createSecretRedactor([apiKey]),
    }),
    maxTokensField: settings.max_tokens_field,
    streamUsage: settings.stream_usage,
    forwardExtraFields: settings.forward_extra_fields,
    includeModelInBody: true,
    embeddingInputsPerCall: settings.embedding_inputs_per_call,
    embeddingBase64: settings.embedding_base64,
    modelDefaults: (modelId) => models[modelId],
  };
  return {
    specVersion: 1,
    id: deps.id,
    chatModel: (modelId) => new OpenAICompatibleChatModel(modelId, config),
    embeddingModel: (modelId) => new OpenAICompatibleEmbeddingModel(modelId, config),
    passthroughModel: createPassthroughModelFactory(config, settings.passthrough),
    listModels: () => Object.keys(models),
  };
}
