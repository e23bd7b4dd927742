export {
  type BedrockEmulator,
  type BedrockEmulatorOptions,
  type BedrockRecordedRequest,
  startBedrockEmulator,
} from './bedrock-emulator/bedrock-emulator.js';
export {
  type BedrockContentBlock,
  type BedrockEmulatorScenario,
  type BedrockStreamExceptionType,
  type BedrockUsage,
  DEFAULT_BEDROCK_TEXT,
} from './bedrock-emulator/bedrock-emulator-scenario.js';
export type { BedrockOpenAICompatibleApi } from './bedrock-emulator/handle-openai-compatible-request.js';
export { collectChatEvents, findChatEventInvariantViolations } from './chat-event-invariants.js';
export { type ConverterContractOptions, describeConverterContract } from './describe-converter-contract.js';
export {
  CHAT_CONTRACT_SCENARIOS,
  type ChatContractScenario,
  describeProviderContract,
  EMBED_CONTRACT_SCENARIOS,
  type EmbedContractScenario,
  type MountScenario,
  type ProviderContractOptions,
} from './describe-provider-contract.js';
export { createFakeProviderPlugin } from './fake-provider-plugin.js';
export { MockChatModel, type MockChatModelScript } from './mock-chat-model.js';
export type { EmulatorScenario, EmulatorUsage } from './openai-compatible-emulator/emulator-scenario.js';
export {
  type OpenAICompatibleEmulator,
  type OpenAICompatibleEmulatorOptions,
  type RecordedRequest,
  startOpenAICompatibleEmulator,
} from './openai-compatible-emulator/openai-compatible-emulator.js';
export type { OpenAiSchemaName } from './openapi/openai-schema-name.js';
export { assertOpenAiSchema, validateOpenAiSchema } from './openapi/validate-openai-schema.js';
export { splitAtEveryBoundary, splitBytes } from './split-bytes.js';
export {
  createTestServiceAccountKey,
  type TestServiceAccountKey,
  type TestServiceAccountKeyOptions,
} from './vertex-emulator/create-test-service-account-key.js';
export { type DecodedJsonWebToken, decodeJsonWebToken } from './vertex-emulator/json-web-token.js';
export {
  DEFAULT_VERTEX_ACCESS_TOKEN,
  startVertexEmulator,
  type VertexEmulator,
  type VertexEmulatorOptions,
  type VertexRecordedRequest,
} from './vertex-emulator/vertex-emulator.js';
export {
  DEFAULT_VERTEX_TEXT,
  type VertexAnthropicContentBlock,
  type VertexAnthropicMessage,
  type VertexAnthropicUsage,
  type VertexEmulatorScenario,
  type VertexGeminiResponse,
} from './vertex-emulator/vertex-emulator-scenario.js';
