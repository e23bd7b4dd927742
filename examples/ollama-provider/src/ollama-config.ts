import type { ModelmuxError, ProviderDeps } from '@modelmux/core';
import type { ResponseHandler } from '@modelmux/core/http';
import type { OllamaKeepAlive, OllamaModelDefaults } from './ollama-settings.js';

/** What every model of one Ollama provider instance shares; built once at boot. */
export interface OllamaModelConfig {
  /** Instance id from config. */
  providerId: string;
  /** Key of this provider's entry in `providerOptions` (the plugin type). */
  providerType: string;
  /** Full URL for an API path such as `/api/chat`. */
  url(path: string): string;
  /** Headers for every request (user-agent, configured extras, the bearer key). */
  headers: Readonly<Record<string, string>>;
  dispatcher: ProviderDeps['dispatcher'];
  /** Turns an HTTP error from Ollama into a typed error (with this instance's secrets redacted). */
  failedResponseHandler: ResponseHandler<ModelmuxError>;
  keepAlive?: OllamaKeepAlive;
  /** Set when image URLs may be downloaded and sent as base64. */
  imageDownload?: { maxBytes: number; timeoutMs: number };
  modelDefaults(modelId: string): OllamaModelDefaults | undefined;
}
