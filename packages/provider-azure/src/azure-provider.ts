import type { Provider, ProviderDeps } from '@modelmux/core';
import { createSecretRedactor } from '@modelmux/core/http';
import { resolveSecret } from '@modelmux/core/settings';
import {
  createOpenAICompatibleFailedResponseHandler,
  createPassthroughModelFactory,
  OpenAICompatibleChatModel,
  OpenAICompatibleEmbeddingModel,
  type OpenAICompatibleModelConfig,
} from '@modelmux/provider-openai-compatible/internal';
import { createAzureEntraAuthorizer, createAzureEntraCredential } from './azure-authorizer.js';
import { createAzureUrlBuilder } from './azure-endpoint.js';
import type { AzureSettings } from './azure-settings.js';
import { VERSION } from './version.js';

export const AZURE_PROVIDER_TYPE = 'azure-openai';

/**
 * Builds an Azure OpenAI provider instance: the OpenAI-compatible model classes with Azure's URLs (v1 or deployments),
 * its `api-key` header or Entra ID tokens, and the deployment name as the model. Everything is built once, here.
 */
export function createAzureProvider(settings: AzureSettings, deps: ProviderDeps & { id: string }): Provider {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': `modelmux/provider-azure/${VERSION}`,
    ...Object.fromEntries(
      Object.entries(settings.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    ),
  };
  const apiKey =
    settings.api_key === undefined ? undefined : resolveSecret(settings.api_key, deps.env, 'api_key');
  if (apiKey !== undefined) headers['api-key'] = apiKey;
  const entra = apiKey === undefined ? (settings.entra ?? { type: 'default' as const }) : undefined;
  const deployments = settings.deployments ?? {};
  const models = settings.models ?? {};
  const config: OpenAICompatibleModelConfig = {
    providerId: deps.id,
    providerType: AZURE_PROVIDER_TYPE,
    url: createAzureUrlBuilder(settings),
    headers: Object.freeze(headers),
    dispatcher: deps.dispatcher,
    failedResponseHandler: createOpenAICompatibleFailedResponseHandler({
      redact: createSecretRedactor([apiKey]),
    }),
    maxTokensField: settings.max_tokens_field,
    streamUsage: settings.stream_usage,
    forwardExtraFields: settings.forward_extra_fields,
    // The body names the deployment on both URL styles, as openai-node's AzureOpenAI sends it.
    includeModelInBody: true,
    embeddingInputsPerCall: settings.embedding_inputs_per_call,
    embeddingBase64: settings.embedding_base64,
    modelDefaults: (modelId) => models[modelId],
  };
  if (entra !== undefined) {
    config.authorize = createAzureEntraAuthorizer(
      createAzureEntraCredential(entra, { env: deps.env, dispatcher: deps.dispatcher }),
      { now: deps.now, providerId: deps.id, kind: entra.type },
    );
  }
  const deploymentOf = (modelId: string) => deployments[modelId] ?? modelId;
  const upstream = (modelId: string) => ({ upstreamModelId: deploymentOf(modelId) });
  return {
    specVersion: 1,
    id: deps.id,
    chatModel: (modelId) => new OpenAICompatibleChatModel(modelId, config, upstream(modelId)),
    embeddingModel: (modelId) => new OpenAICompatibleEmbeddingModel(modelId, config, upstream(modelId)),
    passthroughModel: createPassthroughModelFactory(config, settings.passthrough, deploymentOf),
    listModels: () => [...new Set([...Object.keys(deployments), ...Object.keys(models)])],
  };
}
