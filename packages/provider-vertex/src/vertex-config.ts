import type { ModelmuxError } from '@modelmux/core';
import type { Authorizer, ResponseHandler } from '@modelmux/core/http';
import type { Dispatcher } from 'undici';
import type { VertexModelDefaults } from './vertex-settings.js';

/** What every model class of one Vertex provider instance shares; built once at boot. */
export interface VertexModelConfig {
  providerId: string;
  /** `providerOptions` key. */
  providerType: 'vertex';
  /** Full URL for a model and method, e.g. (`claude-sonnet-4-5@20250929`, `anthropic`, `rawPredict`). */
  url(publisher: 'anthropic' | 'google', modelId: string, method: string): string;
  /** Static headers (user-agent, content-type). */
  headers: Readonly<Record<string, string>>;
  /**
   * Adds `authorization: Bearer <token>`; tokens are cached by google-auth-library and refreshed before expiry.
   * Undefined when the token is static: it is then part of `headers`.
   */
  authorize?: Authorizer;
  dispatcher: Dispatcher;
  /** Maps an HTTP error (Anthropic or Google shape) to a typed error, with this instance's secrets redacted. */
  failedResponseHandler: ResponseHandler<ModelmuxError>;
  defaultMaxOutputTokens: number;
  /** Limits for fetching image URLs that Vertex will not fetch itself; undefined when downloads are off. */
  imageDownload?: { maxBytes: number; timeoutMs: number };
  modelDefaults(modelId: string): VertexModelDefaults | undefined;
  now(): number;
}
