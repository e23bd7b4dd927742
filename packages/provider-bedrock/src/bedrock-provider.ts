import type { Provider, ProviderDeps } from '@modelmux/core';
import { createSecretRedactor } from '@modelmux/core/http';
import { resolveSecret } from '@modelmux/core/settings';
import { createBedrockAuthorizer } from './bedrock-authorizer.js';
import { BedrockChatModel } from './bedrock-chat-model.js';
import type { BedrockModelConfig } from './bedrock-config.js';
import { BedrockEmbeddingModel } from './bedrock-embedding-model.js';
import { bedrockEndpoint, bedrockModelUrl } from './bedrock-endpoint.js';
import { createBedrockFailedResponseHandler } from './bedrock-error.js';
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
  const config: BedrockModelConfig = {
    providerId: deps.id,
    providerType: BEDROCK_PROVIDER_TYPE,
    url: (modelId, operation) => bedrockModelUrl(endpoint, modelId, operation),
    headers: Object.freeze({
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': `modelmux/provider-bedrock/${VERSION}`,
    }),
    authorize: createBedrockAuthorizer(settings, { env: deps.env, providerId: deps.id, now: deps.now }),
    dispatcher: deps.dispatcher,
    failedResponseHandler: createBedrockFailedResponseHandler({ redact: createSecretRedactor(secrets) }),
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
