import type { UpstreamResponse } from '../http/upstream-response.js';
import type { CallContext } from '../spec/v1/call-context.js';
import type { ChatEvent } from '../spec/v1/chat-event.js';
import type { ChatRequest } from '../spec/v1/chat-request.js';
import type { ChatResult } from '../spec/v1/chat-result.js';
import type { EmbedRequest, EmbedResult } from '../spec/v1/embedding.js';

export interface ChatModel {
  readonly specVersion: 1;
  /** The provider instance id from config, e.g. `vllm-local`. */
  readonly providerId: string;
  /** The upstream model id. */
  readonly modelId: string;
  generate(request: ChatRequest, context: CallContext): Promise<ChatResult>;
  /**
   * Resolves once the upstream has answered with headers, so HTTP errors reject; anything that goes wrong after
   * that is an `error` event at the end of the iterable.
   */
  stream(request: ChatRequest, context: CallContext): Promise<AsyncIterable<ChatEvent>>;
}

export interface EmbeddingModel {
  readonly specVersion: 1;
  readonly providerId: string;
  readonly modelId: string;
  /** The most inputs one upstream call accepts, if limited. */
  readonly maxInputsPerCall?: number;
  embed(request: EmbedRequest, context: CallContext): Promise<EmbedResult>;
}

/** The client wire APIs an upstream may speak natively, so that requests can be passed through as they are. */
export type PassthroughApi = 'responses';

/** A client's request for a wire API the upstream speaks natively. */
export interface PassthroughRequest {
  api: PassthroughApi;
  /** The client's body; its `model` is replaced by the upstream's name for the model. */
  body: Record<string, unknown>;
}

/**
 * Forwards requests of a wire API the upstream speaks natively, as they are, with the provider's URL and credentials.
 * An HTTP error is thrown as the provider's mapped `UpstreamError` (so the client gets the gateway's error format); a
 * success is the upstream's raw response, whose body the caller must consume or destroy.
 */
export interface PassthroughModel {
  readonly specVersion: 1;
  readonly providerId: string;
  readonly modelId: string;
  forward(request: PassthroughRequest, context: CallContext): Promise<UpstreamResponse>;
}

export interface Provider {
  readonly specVersion: 1;
  readonly id: string;
  /** Throws `NoSuchModelError` when the provider cannot serve chat for `modelId`. */
  chatModel?(modelId: string): ChatModel;
  embeddingModel?(modelId: string): EmbeddingModel;
  /** Throws `NoSuchModelError` (`MMX_MODEL_KIND_UNSUPPORTED`) when this instance does not pass `api` through. */
  passthroughModel?(modelId: string, api: PassthroughApi): PassthroughModel;
  /** Model ids this instance knows from its settings, for model listings. */
  listModels?(): string[];
  /** Releases only resources the provider created itself. */
  close?(): Promise<void>;
}
