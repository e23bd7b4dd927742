/** Binary or remote data: a URL, inline base64 with its media type, or an id the upstream already knows. */
export type DataSource =
  | { kind: 'url'; url: string }
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'file-id'; fileId: string };

export interface TextPart {
  type: 'text';
  text: string;
}

export interface ImagePart {
  type: 'image';
  source: DataSource;
  /** Detail hint some upstreams accept. */
  detail?: 'auto' | 'low' | 'high';
}

export interface FilePart {
  type: 'file';
  source: DataSource;
  filename?: string;
}

/** A tool call the assistant made. `arguments` is the JSON text exactly as produced. */
export interface ToolCallPart {
  type: 'tool-call';
  callId: string;
  toolName: string;
  arguments: string;
}

/**
 * Reasoning the assistant produced. `signature` (or `redactedData` for redacted reasoning) lets a provider restore
 * the original block when the conversation is sent back.
 */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  signature?: string;
  redactedData?: string;
}

export type UserContentPart = TextPart | ImagePart | FilePart;
export type AssistantContentPart = TextPart | ReasoningPart | ToolCallPart;
export type ToolResultContentPart = TextPart | ImagePart;

export interface SystemMessage {
  role: 'system';
  content: string;
  /** `developer` is the newer spelling; providers treat both as system instructions. */
  variant?: 'system' | 'developer';
}

export interface UserMessage {
  role: 'user';
  content: UserContentPart[];
  name?: string;
}

export interface AssistantMessage {
  role: 'assistant';
  content: AssistantContentPart[];
  name?: string;
  /** Text of a refusal the assistant gave earlier in the conversation. */
  refusal?: string;
}

export interface ToolMessage {
  role: 'tool';
  toolCallId: string;
  content: ToolResultContentPart[];
  isError?: boolean;
}

export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
  strict?: boolean;
}

export type ToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  | { type: 'required' }
  | { type: 'tool'; toolName: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json-object' }
  | {
      type: 'json-schema';
      name: string;
      description?: string;
      schema?: Record<string, unknown>;
      strict?: boolean;
    };

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

/** Options for one provider type, keyed by that type (`providerOptions['openai-compatible']`). */
export type ProviderOptions = Record<string, Record<string, unknown>>;

export interface ChatRequest {
  messages: Message[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  seed?: number;
  stopSequences?: string[];
  reasoningEffort?: ReasoningEffort;
  /** End-user identifier for abuse monitoring. */
  user?: string;
  metadata?: Record<string, string>;
  providerOptions?: ProviderOptions;
  /**
   * Client fields that have no canonical counterpart, kept in the client API's own (OpenAI) spelling. A provider
   * whose upstream speaks that spelling may forward them; any other provider reports each as an `unsupported`
   * warning.
   */
  extraBody?: Record<string, unknown>;
}
