import type { Dispatcher } from 'undici';
import type { VertexModelConfig } from './vertex-config.js';
import { createVertexFailedResponseHandler } from './vertex-error.js';
import { vertexModelUrl } from './vertex-host.js';
import type { VertexModelDefaults } from './vertex-settings.js';

/** The host the test config's URLs point at; intercept it on a MockAgent. */
export const GEMINI_TEST_ORIGIN = 'https://us-central1-aiplatform.googleapis.com';

/** The path of a model method under the test config, e.g. `…/models/gemini-2.5-flash:generateContent`. */
export function geminiTestPath(modelId: string, method: string): string {
  return vertexModelUrl({
    baseUrl: '',
    project: 'test-project',
    region: 'us-central1',
    publisher: 'google',
    modelId,
    method,
  });
}

/** A `VertexModelConfig` for tests: a fixed bearer token, the real Vertex error handler, the given dispatcher. */
export function createGeminiTestConfig(
  dispatcher: Dispatcher,
  options: { models?: Record<string, VertexModelDefaults> } = {},
): VertexModelConfig {
  return {
    providerId: 'vertex-test',
    providerType: 'vertex',
    url: (publisher, modelId, method) =>
      vertexModelUrl({
        baseUrl: GEMINI_TEST_ORIGIN,
        project: 'test-project',
        region: 'us-central1',
        publisher,
        modelId,
        method,
      }),
    headers: { 'content-type': 'application/json', 'user-agent': 'modelmux/provider-vertex/test' },
    authorize: async () => ({ authorization: 'Bearer t' }),
    dispatcher,
    failedResponseHandler: createVertexFailedResponseHandler(),
    defaultMaxOutputTokens: 4096,
    modelDefaults: (modelId) => options.models?.[modelId],
    now: () => Date.parse('2026-08-01T00:00:00Z'),
  };
}
