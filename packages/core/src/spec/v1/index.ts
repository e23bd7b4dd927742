export type { CallContext, Logger } from './call-context.js';
export type { ChatEvent, ChatEventType } from './chat-event.js';
export type {
  AssistantContentPart,
  AssistantMessage,
  ChatRequest,
  DataSource,
  FilePart,
  ImagePart,
  Message,
  ProviderOptions,
  ReasoningEffort,
  ReasoningPart,
  ResponseFormat,
  SystemMessage,
  TextPart,
  ToolCallPart,
  ToolChoice,
  ToolDefinition,
  ToolMessage,
  ToolResultContentPart,
  UserContentPart,
  UserMessage,
} from './chat-request.js';
export type {
  ChatResult,
  ContentFilterResults,
  FinishReason,
  UnifiedFinishReason,
  Usage,
} from './chat-result.js';
export type { EmbeddingVector, EmbedRequest, EmbedResult } from './embedding.js';
export { SPEC_VERSION } from './spec-version.js';
export type { Warning } from './warning.js';
