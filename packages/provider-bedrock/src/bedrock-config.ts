import type { ModelmuxError } from '@modelmux/core';
import type { Authorizer, ResponseHandler } from '@modelmux/core/http';
import type { Dispatcher } from 'undici';
import type { BedrockModelDefaults } from './bedrock-settings.js';

/** What every model class of one Bedrock provider instance shares; built once at boot. */
export interface BedrockModelConfig {
  providerId: string;
  providerType: 'bedrock';
  /** Full URL of a model operation: `{endpoint}/model/{url-encoded modelId}/{operation}`. */
  url(modelId: string, operation: 'converse' | 'converse-stream' | 'invoke'): string;
  /** Static headers (content-type, user-agent). */
  headers: Readonly<Record<string, string>>;
  /** SigV4 over the exact body, or the API key's bearer header. */
  authorize: Authorizer;
  dispatcher: Dispatcher;
  /** Bedrock's error body and `x-amzn-errortype` header → typed error, with this instance's secrets redacted. */
  failedResponseHandler: ResponseHandler<ModelmuxError>;
  defaultMaxOutputTokens?: number;
  /** Limits for fetching image URLs; undefined when downloads are off. */
  imageDownload?: { maxBytes: number; timeoutMs: number };
  modelDefaults(modelId: string): BedrockModelDefaults | undefined;
  now(): number;
}
