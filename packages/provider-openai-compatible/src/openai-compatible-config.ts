import type { ModelmuxError } from '@modelmux/core';
import type { Authorizer, ResponseHandler } from '@modelmux/core/http';
import type { Dispatcher } from 'undici';
import type { OpenAICompatibleModelDefaults } from './openai-compatible-settings.js';

/** What every model class of one provider instance shares; built once at boot. */
export interface OpenAICompatibleModelConfig {
  /** Instance id from config. */
  providerId: string;
  /** Key of this provider's entry in `providerOptions` (the plugin type). */
  providerType: string;
  /** Full URL for an API path such as `/chat/completions`; thin providers (Azure) build theirs differently. */
  url(path: string, modelId: string): string;
  /** Static headers for every request (user-agent, configured extras, a static key). */
  headers: Readonly<Record<string, string>>;
  /** Dynamic credentials (tokens, signatures); absent when the static headers suffice. */
  authorize?: Authorizer;
  dispatcher: Dispatcher;
  /** Turns an upstream HTTP error into a typed error (with this instance's secrets redacted). */
  failedResponseHandler: ResponseHandler<ModelmuxError>;
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  streamUsage: boolean;
  forwardExtraFields: boolean;
  /** Whether the body keeps `model` (false for URL-addressed deployments). */
  includeModelInBody: boolean;
  /** The most inputs one `/embeddings` call takes; larger requests are split. */
  embeddingInputsPerCall: number;
  /** Whether the upstream may be asked for base64 float32 vectors (when the client gets raw float32 anyway). */
  embeddingBase64: boolean;
  modelDefaults(modelId: string): OpenAICompatibleModelDefaults | undefined;
}
