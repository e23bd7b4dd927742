import { handleEmbeddings } from '../openai-compatible-emulator/emulator-embeddings.js';
import { writeFailureScenario } from '../openai-compatible-emulator/write-failure-scenario.js';
import type { EmulatorExchange } from '../shared/emulator-exchange.js';
import type { AzureEmulatorScenario } from './azure-emulator-scenario.js';
import { writeRateLimited } from './write-azure-failure.js';

/** The deployment an embeddings request resolved to. */
export interface AzureEmbeddingsTarget {
  /** The deployment's underlying model, reported in `model`. */
  model: string;
  /** The request's `api-version`, or `v1`; named in rate limit messages. */
  apiVersion: string;
}

/**
 * Answers an Azure embeddings request with the OpenAI-compatible emulator's vectors (float or base64), reporting the
 * deployment's model. Azure's extra fields (`input_type`) are accepted and ignored. `scenario` is an `error`,
 * `rate-limited` or `hang` scenario the request took, if any.
 */
export function handleAzureEmbeddings(
  exchange: EmulatorExchange,
  body: unknown,
  target: AzureEmbeddingsTarget,
  scenario: AzureEmulatorScenario | undefined,
): void {
  if (scenario?.kind === 'rate-limited') {
    writeRateLimited(exchange, scenario, 'Embeddings_Create', target.apiVersion);
    return;
  }
  if (scenario?.kind === 'error' || scenario?.kind === 'hang') {
    writeFailureScenario(exchange, scenario, { id: '', created: 0, modelJson: '""' }, false);
    return;
  }
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  handleEmbeddings(exchange, isObject ? { ...body, model: target.model } : body);
}
