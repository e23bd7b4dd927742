import type { ModelmuxError, ProviderDeps } from '@modelmux/core';
import type { ResponseHandler } from '@modelmux/core/http';
import {
  createOpenAICompatibleFailedResponseHandler,
  type OpenAICompatibleModelConfig,
} from '@modelmux/provider-openai-compatible/internal';
import { createBedrockAuthorizer } from './bedrock-authorizer.js';
import { bedrockEndpoint } from './bedrock-endpoint.js';
import type { BedrockSettings } from './bedrock-settings.js';

/** Signing names of Bedrock's OpenAI-compatible APIs. */
const SIGNING_NAMES = { openai: 'bedrock', mantle: 'bedrock-mantle' } as const;

/** Base URLs of Bedrock's OpenAI-compatible APIs (the override replaces the host, the path stays). */
export function bedrockOpenAICompatibleBaseUrl(
  api: 'openai' | 'mantle',
  region: string,
  endpoint?: string,
): string {
  if (api === 'mantle') return `${endpoint ?? `https://bedrock-mantle.${region}.api.aws`}/v1`;
  return `${endpoint ?? bedrockEndpoint(region)}/openai/v1`;
}

/**
 * The shared config for the OpenAI-compatible chat model class when this provider runs in `openai` or `mantle`
 * mode: Bedrock's credentials (SigV4 with that API's signing name, or the API key) over the OpenAI wire format.
 */
export function createBedrockOpenAICompatibleConfig(
  settings: BedrockSettings & { api: 'openai' | 'mantle' },
  deps: ProviderDeps & { id: string },
  options: { headers: Readonly<Record<string, string>>; redact: (text: string) => string },
): OpenAICompatibleModelConfig {
  const baseUrl = bedrockOpenAICompatibleBaseUrl(settings.api, settings.region, settings.endpoint);
  const models = settings.models ?? {};
  return {
    providerId: deps.id,
    providerType: 'bedrock',
    url: (path) => `${baseUrl}${path}`,
    headers: options.headers,
    authorize: createBedrockAuthorizer(settings, {
      env: deps.env,
      providerId: deps.id,
      now: deps.now,
      signingName: SIGNING_NAMES[settings.api],
    }),
    dispatcher: deps.dispatcher,
    failedResponseHandler: createOpenAICompatibleFailedResponseHandler({
      redact: options.redact,
    }) as ResponseHandler<ModelmuxError>,
    maxTokensField: 'max_completion_tokens',
    streamUsage: true,
    forwardExtraFields: true,
    includeModelInBody: true,
    // Embeddings always go through InvokeModel (the provider's own embedding model), never this config.
    embeddingInputsPerCall: 1,
    embeddingBase64: false,
    modelDefaults: (modelId) => models[modelId],
  };
}
