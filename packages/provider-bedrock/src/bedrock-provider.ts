import { ConfigError, NoSuchModelError, type Provider, type ProviderDeps } from '@modelmux/core';
import { createSecretRedactor } from '@modelmux/core/http';
import { resolveSecret } from '@modelmux/core/settings';
import {
  createPassthroughModelFactory,
  OpenAICompatibleChatModel,
} from '@modelmux/provider-openai-compatible/internal';
import { createBedrockAuthorizer } from './bedrock-authorizer.js';
import { BedrockChatModel } from './bedrock-chat-model.js';
import type { BedrockModelConfig } from './bedrock-config.js';
import { BedrockEmbeddingModel } from './bedrock-embedding-model.js';
import { bedrockEndpoint, bedrockModelUrl } from './bedrock-endpoint.js';
import { createBedrockFailedResponseHandler } from './bedrock-error.js';
import { createBedrockOpenAICompatibleConfig } from './bedrock-openai-compatible-config.js';
import type { BedrockSettings } from './bedrock-settings.js';
import { VERSION } from './version.js';

export const BEDROCK_PROVIDER_TYPE = 'bedrock';

/** Builds a Bedrock provider instance: one config shared by the chat and embedding model classes. */
export function createBedrockProvider(
  settings: BedrockSettings,
  deps: ProviderDeps & { id: string },
): Provider {
  const endpoint = settings.endpoint ?? bedrockEndpoint(settings.region);
  const { credentials } = settings;
  const secrets =
    credentials.type === 'api_key'
      ? [resolveSecret(credentials.key, deps.env, 'credentials.key')]
      : credentials.type === 'keys'
        ? [resolveSecret(credentials.secret_access_key, deps.env, 'credentials.secret_access_key')]
        : [];
  const models = settings.models ?? {};
  const headers = Object.freeze({
    'content-type': 'application/json',
    accept: 'application/json',
    'user-agent': `modelmux/provider-bedrock/${VERSION}`,
  });
  const redact = createSecretRedactor(secrets);
  if (settings.passthrough.length > 0 && settings.api !== 'mantle') {
    throw new ConfigError({
      issues: [
        {
          path: 'passthrough',
          message: 'only Bedrock Mantle (api = "mantle") serves the Responses API natively',
        },
      ],
    });
  }
  if (settings.api !== 'converse') {
    // Bedrock's OpenAI-compatible APIs: the OpenAI-compatible model class over Bedrock credentials.
    const openAIConfig = createBedrockOpenAICompatibleConfig({ ...settings, api: settings.api }, deps, {
      headers,
      redact,
    });
    return {
      specVersion: 1,
      id: deps.id,
      chatModel: (modelId) => new OpenAICompatibleChatModel(modelId, openAIConfig),
      passthroughModel: createPassthroughModelFactory(openAIConfig, settings.passthrough),
      embeddingModel: (modelId) => {
        throw new NoSuchModelError({
          modelReference: `${deps.id}:${modelId}`,
          code: 'MMX_MODEL_KIND_UNSUPPORTED',
          message: `Bedrock's OpenAI-compatible API (${settings.api}) serves chat only; use api = "converse" for embeddings.`,
        });
      },
      listModels: () => Object.keys(models),
    };
  }
  const config: BedrockModelConfig = {
    providerId: deps.id,
    providerType: BEDROCK_PROVIDER_TYPE,
    url: (modelId, operation) => bedrockModelUrl(endpoint, modelId, operation),
    headers,
    authorize: createBedrockAuthorizer(settings, { env: deps.env, providerId: deps.id, now: deps.now }),
    dispatcher: deps.dispatcher,
    failedResponseHandler: createBedrockFailedResponseHandler({ redact }),
    ...(settings.image_download.enabled
      ? {
          imageDownload: {
            maxBytes: settings.image_download.max_bytes,
            timeoutMs: settings.image_download.timeout_ms,
          },
        }
      : {}),
    modelDefaults: (modelId) => models[modelId],
    now: deps.now,
  };
  return {
    specVersion: 1,
    id: deps.id,
    chatModel: (modelId) => new BedrockChatModel(modelId, config),
    embeddingModel: (modelId) => new BedrockEmbeddingModel(modelId, config),
    listModels: () => Object.keys(models),
  };
}
