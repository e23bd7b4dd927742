import type { Dispatcher } from 'undici';
import type { BedrockModelConfig } from './bedrock-config.js';
import { bedrockModelUrl } from './bedrock-endpoint.js';
import { createBedrockFailedResponseHandler } from './bedrock-error.js';
import type { BedrockModelDefaults } from './bedrock-settings.js';

/** The host the test config's URLs point at; intercept it on a MockAgent. */
export const BEDROCK_TEST_ORIGIN = 'https://bedrock-runtime.us-east-1.amazonaws.com';

/** The path of a model operation under the test config, e.g. `/model/amazon.titan-embed-text-v2%3A0/invoke`. */
export function bedrockTestPath(
  modelId: string,
  operation: 'converse' | 'converse-stream' | 'invoke',
): string {
  return bedrockModelUrl('', modelId, operation);
}

/** A `BedrockModelConfig` for tests: a fixed bearer token, the real Bedrock error handler, the given dispatcher. */
export function createBedrockTestConfig(
  dispatcher: Dispatcher,
  options: { models?: Record<string, BedrockModelDefaults> } = {},
): BedrockModelConfig {
  return {
    providerId: 'bedrock-test',
    providerType: 'bedrock',
    url: (modelId, operation) => bedrockModelUrl(BEDROCK_TEST_ORIGIN, modelId, operation),
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': 'modelmux/provider-bedrock/test',
    },
    authorize: async () => ({ authorization: 'Bearer bedrock-test-key' }),
    dispatcher,
    failedResponseHandler: createBedrockFailedResponseHandler(),
    modelDefaults: (modelId) => options.models?.[modelId],
    now: () => Date.parse('2026-08-01T00:00:00Z'),
  };
}
