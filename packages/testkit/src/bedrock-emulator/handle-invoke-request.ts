import type { BedrockEmulatorScenario } from './bedrock-emulator-scenario.js';
import { sendValidationError } from './bedrock-error.js';
import type { BedrockExchange } from './bedrock-exchange.js';
import { cohereEmbeddings } from './cohere-embeddings.js';
import type { ModelRequestContext } from './model-request-context.js';
import { titanEmbedding } from './titan-embeddings.js';
import { writeErrorScenario } from './write-error-scenario.js';

/** The header Bedrock uses for the input token count of an `InvokeModel` reply. */
export const INPUT_TOKEN_COUNT_HEADER = 'x-amzn-bedrock-input-token-count';

/** Embedding requests answer themselves; they only take a queued `error`, `hang` or `truncated-stream`. */
function isInvokeScenario(scenario: BedrockEmulatorScenario): boolean {
  return scenario.kind === 'error' || scenario.kind === 'hang' || scenario.kind === 'truncated-stream';
}

function embed(modelId: string, body: unknown) {
  if (modelId.includes('titan-embed')) return titanEmbedding(body);
  if (modelId.includes('cohere.embed')) return cohereEmbeddings(body, modelId);
  return undefined;
}

/**
 * Answers `invoke` for embedding models: Titan Text Embeddings (model ids containing `titan-embed`) and Cohere
 * Embed (`cohere.embed`), inference profiles and ARNs included. Other models get a 400 `ValidationException`.
 */
export function handleInvokeRequest(
  exchange: BedrockExchange,
  modelId: string,
  body: unknown,
  context: ModelRequestContext,
): void {
  const result = embed(modelId, body);
  if (result === undefined) {
    sendValidationError(
      exchange,
      `The Bedrock emulator serves InvokeModel only for Titan and Cohere embedding models, not ${modelId}.`,
    );
    return;
  }
  if ('invalid' in result) {
    sendValidationError(exchange, result.invalid);
    return;
  }
  const scenario = context.takeScenario(isInvokeScenario);
  if (scenario?.kind === 'error') writeErrorScenario(exchange, scenario);
  else if (scenario?.kind === 'truncated-stream') exchange.sendHalfThenDestroy(JSON.stringify(result.body));
  else if (scenario?.kind !== 'hang')
    exchange.sendJson(200, result.body, { [INPUT_TOKEN_COUNT_HEADER]: String(result.tokens) });
}
