// OpenTelemetry's GenAI semantic conventions are still incubating; their names are copied here, as the project advises
// for incubating conventions, rather than imported from an unstable entry point.

export const GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ERROR_TYPE = 'error.type';
export const HTTP_ROUTE = 'http.route';
export const HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
export const SERVICE_NAME = 'service.name';

/** The GenAI operation of a gateway route. */
export type GenAiOperation = 'chat' | 'embeddings';
