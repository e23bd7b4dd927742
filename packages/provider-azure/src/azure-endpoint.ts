import type { AzureSettings } from './azure-settings.js';

/** Operations whose classic URL is scoped to a deployment (as openai-node's `AzureOpenAI` builds them). */
const DEPLOYMENT_SCOPED_PATHS: ReadonlySet<string> = new Set([
  '/chat/completions',
  '/embeddings',
  '/completions',
]);

/** `https://{resource}.openai.azure.com`, or the configured endpoint. */
export function azureOrigin(settings: Pick<AzureSettings, 'resource' | 'endpoint'>): string {
  return settings.endpoint ?? `https://${settings.resource}.openai.azure.com`;
}

/**
 * Builds the URL of an API path for a deployment. WIRE-FORMATS §8.1: the v1 API is `{origin}/openai/v1{path}` with the
 * deployment as the body's `model`; the classic API is `{origin}/openai/deployments/{deployment}{path}?api-version=…`
 * for deployment-scoped paths and `{origin}/openai{path}?api-version=…` for the rest (`/responses` with its own
 * `responses_api_version`). An endpoint
 * that already ends in `/openai` or `/openai/v1` is not doubled.
 */
export function createAzureUrlBuilder(
  settings: Pick<AzureSettings, 'resource' | 'endpoint' | 'api' | 'api_version'> & {
    responses_api_version?: string;
  },
): (path: string, deployment: string) => string {
  const origin = azureOrigin(settings).replace(/\/openai(\/v1)?$/, '');
  if (settings.api === 'v1') {
    const base = `${origin}/openai/v1`;
    return (path) => `${base}${path}`;
  }
  const query = `?api-version=${encodeURIComponent(settings.api_version)}`;
  const responsesQuery = `?api-version=${encodeURIComponent(settings.responses_api_version ?? settings.api_version)}`;
  return (path, deployment) => {
    if (DEPLOYMENT_SCOPED_PATHS.has(path))
      return `${origin}/openai/deployments/${encodeURIComponent(deployment)}${path}${query}`;
    return `${origin}/openai${path}${path === '/responses' ? responsesQuery : query}`;
  };
}
