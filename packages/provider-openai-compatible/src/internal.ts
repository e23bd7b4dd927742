// Reused by first-party thin providers (Azure). Not a stable public API.

export { convertOpenAICompatibleChatResponse } from './convert-openai-compatible-chat-response.js';
export {
  convertOpenAICompatibleStreamChunks,
  OpenAICompatibleStreamTranslator,
} from './convert-openai-compatible-stream-chunks.js';
export { convertOpenAICompatibleUsage } from './convert-openai-compatible-usage.js';
export { convertToOpenAICompatibleChatRequest } from './convert-to-openai-compatible-chat-request.js';
export { mapOpenAICompatibleFinishReason } from './map-openai-compatible-finish-reason.js';
export {
  openAICompatibleChatChunkSchema,
  openAICompatibleChatResponseSchema,
  openAICompatibleEmbeddingResponseSchema,
  openAICompatibleErrorSchema,
} from './openai-compatible-api-schemas.js';
export { OpenAICompatibleChatModel } from './openai-compatible-chat-model.js';
export type { OpenAICompatibleModelConfig } from './openai-compatible-config.js';
export { OpenAICompatibleEmbeddingModel } from './openai-compatible-embedding-model.js';
export {
  createOpenAICompatibleFailedResponseHandler,
  describeOpenAICompatibleError,
} from './openai-compatible-error.js';
export {
  createPassthroughModelFactory,
  OpenAICompatiblePassthroughModel,
} from './openai-compatible-passthrough-model.js';
export {
  type OpenAICompatibleModelDefaults,
  openAICompatibleModelDefaultsSchema,
  openAICompatibleSettingsSchema,
} from './openai-compatible-settings.js';
