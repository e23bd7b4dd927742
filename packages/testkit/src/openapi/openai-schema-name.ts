/** The OpenAI component schemas `validateOpenAiSchema` checks against (the roots of the extracted schema file). */
export const OPENAI_SCHEMA_NAMES = [
  'CreateChatCompletionResponse',
  'CreateChatCompletionStreamResponse',
  'ListModelsResponse',
  'Model',
  'ErrorResponse',
  'Error',
  'CreateEmbeddingResponse',
  'CreateChatCompletionRequest',
  'CreateEmbeddingRequest',
  'CreateResponse',
  'Response',
  'ResponseStreamEvent',
  'ResponseItemList',
] as const;

/** Name of an OpenAI component schema that `validateOpenAiSchema` knows. */
export type OpenAiSchemaName = (typeof OPENAI_SCHEMA_NAMES)[number];
