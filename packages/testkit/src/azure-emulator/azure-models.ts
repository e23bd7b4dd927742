import { isEmbeddingModel } from './azure-deployments.js';

/**
 * Answers `GET /openai/v1/models` and `GET /openai/models`: every distinct model behind a deployment, in the shape
 * of Azure's model list (`created_at`, `capabilities`, `lifecycle_status`, `status`; no `created` or `owned_by`).
 */
export function listAzureModelsBody(models: Iterable<string>, createdAt: number): unknown {
  return {
    object: 'list',
    data: [...new Set(models)].map((id) => {
      const embeddings = isEmbeddingModel(id);
      return {
        id,
        object: 'model',
        created_at: createdAt,
        status: 'succeeded',
        lifecycle_status: 'generally-available',
        capabilities: {
          fine_tune: false,
          inference: true,
          completion: false,
          chat_completion: !embeddings,
          embeddings,
        },
        deprecation: { inference: createdAt + 365 * 24 * 3600 },
      };
    }),
  };
}
