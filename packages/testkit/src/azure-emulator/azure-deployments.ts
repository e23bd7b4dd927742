/**
 * The deployments of an emulator started without `deployments`: deployment name → the model Azure reports in
 * replies.
 */
export const DEFAULT_AZURE_DEPLOYMENTS: Readonly<Record<string, string>> = Object.freeze({
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'text-embedding-3-small': 'text-embedding-3-small',
});

/** True for embedding models (their name contains `embed`); every other model is taken for a chat model. */
export function isEmbeddingModel(model: string): boolean {
  return /embed/i.test(model);
}
