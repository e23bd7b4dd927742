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

export interface Provider {
  readonly specVersion: 1;
  readonly id: string;
  /** Throws `NoSuchModelError` when the provider cannot serve chat for `modelId`. */
  chatModel?(modelId: string): ChatModel;
  embeddingModel?(modelId: string): EmbeddingModel;
  /** Model ids this instance knows from its settings, for model listings. */
  listModels?(): string[];
  /** Releases only resources the provider created itself. */
  close?(): Promise<void>;
}
