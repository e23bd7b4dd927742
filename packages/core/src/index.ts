export {
  type ApiPlugin,
  defineApiPlugin,
  type ModelListing,
  type RouteSpec,
} from './converter/api-plugin.js';
export type {
  ChatConverter,
  Converter,
  DecodedRequest,
  EmbedConverter,
  EncodedError,
  EncodeMeta,
  StreamEncoder,
} from './converter/converter.js';
export { SerializedJson } from './converter/serialized-json.js';
export type { InputItemsQuery, ReplyStore, StoredReplies, StoredReply } from './converter/stored-replies.js';
export { decodeFloat32Base64, encodeFloat32Base64 } from './embed/float32-base64.js';
export { type EmbeddingPart, joinEmbeddingParts } from './embed/join-embedding-parts.js';
export { mapWithConcurrency } from './embed/map-with-concurrency.js';
export * from './errors/index.js';
export { parseProviderOptions } from './provider/parse-provider-options.js';
export type {
  ChatModel,
  EmbeddingModel,
  PassthroughApi,
  PassthroughModel,
  PassthroughRequest,
  Provider,
} from './provider/provider.js';
export type { ProviderDeps } from './provider/provider-deps.js';
export { defineProviderPlugin, type ProviderPlugin } from './provider/provider-plugin.js';
export { checkPluginCompatibility } from './registry/check-plugin-compatibility.js';
export { type ModelTarget, parseModelReference } from './registry/parse-model-reference.js';
export {
  type AliasConfig,
  type CreateRegistryOptions,
  createRegistry,
  type InstanceConfig,
  type Registry,
  type RegistryConfig,
  type ResolvedModel,
} from './registry/registry.js';
export * from './spec/v1/index.js';
export { type BufferedAsyncIterator, isBufferedAsyncIterator } from './stream/buffered-async-iterator.js';
export { type ChatEventTranslator, createChatEventStream } from './stream/create-chat-event-stream.js';
export { VERSION } from './version.js';
