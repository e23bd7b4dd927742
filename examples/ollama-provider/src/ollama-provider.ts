import type { Provider, ProviderDeps } from '@modelmux/core';
import { createSecretRedactor } from '@modelmux/core/http';
import { resolveSecret } from '@modelmux/core/settings';
import { OllamaChatModel } from './ollama-chat-model.js';
import type { OllamaModelConfig } from './ollama-config.js';
import { createOllamaFailedResponseHandler } from './ollama-error.js';
import type { OllamaSettings } from './ollama-settings.js';
import { VERSION } from './version.js';

/** The plugin's `type`: the key of `providerOptions.ollama`. */
export const OLLAMA_PROVIDER_TYPE = 'ollama';

/** Builds a provider instance for one Ollama server. */
export function createOllamaProvider(
  settings: OllamaSettings,
  deps: ProviderDeps & { id: string },
): Provider {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': `modelmux/provider-ollama/${VERSION}`,
    ...Object.fromEntries(
      Object.entries(settings.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    ),
  };
  const apiKey =
    settings.api_key === undefined ? undefined : resolveSecret(settings.api_key, deps.env, 'api_key');
  if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`;
  const models = settings.models ?? {};
  const imageDownload = settings.image_download;
  const config: OllamaModelConfig = {
    providerId: deps.id,
    providerType: OLLAMA_PROVIDER_TYPE,
    url: (path) => `${settings.base_url}${path}`,
    headers: Object.freeze(headers),
    dispatcher: deps.dispatcher,
    failedResponseHandler: createOllamaFailedResponseHandler({ redact: createSecretRedactor([apiKey]) }),
    keepAlive: settings.keep_alive,
    ...(imageDownload.enabled
      ? { imageDownload: { maxBytes: imageDownload.max_bytes, timeoutMs: imageDownload.timeout_ms } }
      : {}),
    modelDefaults: (modelId) => models[modelId],
  };
  return {
    specVersion: 1,
    id: deps.id,
    chatModel: (modelId) => new OllamaChatModel(modelId, config),
    listModels: () => Object.keys(models),
  };
}
