import { NoSuchModelError, type Provider, type ProviderDeps } from '@modelmux/core';
import { createSecretRedactor } from '@modelmux/core/http';
import { resolveSecret } from '@modelmux/core/settings';
import { VERSION } from './version.js';
import { VertexAnthropicChatModel } from './vertex-anthropic-chat-model.js';
import { createVertexAuthorizer } from './vertex-authorizer.js';
import type { VertexModelConfig } from './vertex-config.js';
import { VertexEmbeddingModel } from './vertex-embedding-model.js';
import { createVertexFailedResponseHandler } from './vertex-error.js';
import { VertexGeminiChatModel } from './vertex-gemini-chat-model.js';
import { vertexHost, vertexModelUrl } from './vertex-host.js';
import type { VertexSettings } from './vertex-settings.js';

export const VERTEX_PROVIDER_TYPE = 'vertex';

/** Model families on Vertex, chosen by model id. */
export function vertexModelFamily(modelId: string): 'claude' | 'gemini' | 'embedding' | undefined {
  if (modelId.startsWith('claude-')) return 'claude';
  if (/^(text-embedding-|text-multilingual-embedding-|gemini-embedding-)/.test(modelId)) return 'embedding';
  if (modelId.startsWith('gemini-')) return 'gemini';
  return undefined;
}

/** Builds a Vertex AI provider instance: one config shared by the Claude, Gemini and embedding model classes. */
export function createVertexProvider(
  settings: VertexSettings,
  deps: ProviderDeps & { id: string },
): Provider {
  const baseUrl = settings.base_url ?? vertexHost(settings.region);
  // A static token goes into the shared headers once; only refreshing credentials need a per-call step.
  const staticToken =
    settings.credentials.type === 'access_token'
      ? resolveSecret(settings.credentials.token, deps.env, 'credentials.token')
      : undefined;
  const secrets = staticToken === undefined ? [] : [staticToken];
  const models = settings.models ?? {};
  const config: VertexModelConfig = {
    providerId: deps.id,
    providerType: VERTEX_PROVIDER_TYPE,
    url: (publisher, modelId, method) =>
      vertexModelUrl({
        baseUrl,
        project: settings.project,
        region: settings.region,
        publisher,
        modelId,
        method,
      }),
    headers: Object.freeze({
      'content-type': 'application/json',
      'user-agent': `modelmux/provider-vertex/${VERSION}`,
      ...(staticToken === undefined ? {} : { authorization: `Bearer ${staticToken}` }),
    }),
    ...(staticToken === undefined
      ? {
          authorize: createVertexAuthorizer(settings.credentials, {
            env: deps.env,
            dispatcher: deps.dispatcher,
            providerId: deps.id,
          }),
        }
      : {}),
    dispatcher: deps.dispatcher,
    failedResponseHandler: createVertexFailedResponseHandler({ redact: createSecretRedactor(secrets) }),
    defaultMaxOutputTokens: settings.default_max_output_tokens,
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
    chatModel(modelId) {
      switch (vertexModelFamily(modelId)) {
        case 'claude':
          return new VertexAnthropicChatModel(modelId, config);
        case 'gemini':
          return new VertexGeminiChatModel(modelId, config);
        default:
          throw new NoSuchModelError({
            modelReference: `${deps.id}:${modelId}`,
            code: 'MMX_MODEL_KIND_UNSUPPORTED',
            message: `Vertex model '${modelId}' is not a chat model this gateway knows (claude-*, gemini-*).`,
          });
      }
    },
    embeddingModel(modelId) {
      if (vertexModelFamily(modelId) !== 'embedding') {
        throw new NoSuchModelError({
          modelReference: `${deps.id}:${modelId}`,
          code: 'MMX_MODEL_KIND_UNSUPPORTED',
          message: `Vertex model '${modelId}' is not an embedding model this gateway knows (text-embedding-*, text-multilingual-embedding-*, gemini-embedding-*).`,
        });
      }
      return new VertexEmbeddingModel(modelId, config);
    },
    listModels: () => Object.keys(models),
  };
}
