export type { AzureAuthScheme } from './azure-emulator/authorize-azure-request.js';
export type { AzureApiStyle, AzureOperation } from './azure-emulator/azure-api-route.js';
export { DEFAULT_AZURE_DEPLOYMENTS } from './azure-emulator/azure-deployments.js';
export {
  type AzureContentFilterSeverity,
  type AzureEmulatorScenario,
  type AzureOutputFilterCategory,
  type AzurePromptFilterCategory,
  DEFAULT_FILTERED_OUTPUT_TEXT,
} from './azure-emulator/azure-emulator-scenario.js';
export {
  type AzureOpenAIEmulator,
  type AzureOpenAIEmulatorOptions,
  type AzureRecordedRequest,
  DEFAULT_AZURE_API_KEY,
  startAzureOpenAIEmulator,
} from './azure-emulator/azure-openai-emulator.js';
export {
  COGNITIVE_SERVICES_SCOPE,
  DEFAULT_AUTHORITY_ORIGIN,
  DEFAULT_ENTRA_CLIENT,
  type EntraClient,
  type EntraTokenRequest,
} from './azure-emulator/entra-authority.js';
export {
  type AuthorityPipelineRequest,
  type AuthorityPipelineResponse,
  createEntraAuthorityHttpClient,
  type EntraAuthorityHttpClient,
  PipelineResponseHeaders,
} from './azure-emulator/entra-authority-http-client.js';
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
  describeEmbedConverterContract,
  type EmbedConverterContractOptions,
} from './describe-embed-converter-contract.js';
export {
  CHAT_CONTRACT_SCENARIOS,
  type ChatContractScenario,
  describeProviderContract,
  EMBED_CONTRACT_SCENARIOS,
  type EmbedContractScenario,
  type MountScenario,
  type ProviderContractOptions,
} from './describe-provider-contract.js';
export { createFakeProviderPlugin, type FakeEmbed } from './fake-provider-plugin.js';
export { MockChatModel, type MockChatModelScript } from './mock-chat-model.js';
export {
  DEFAULT_EMULATOR_TEXT,
  type EmulatorScenario,
  type EmulatorUsage,
} from './openai-compatible-emulator/emulator-scenario.js';
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
