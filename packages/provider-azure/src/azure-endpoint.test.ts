import { describe, expect, it } from 'vitest';
import { azureOrigin, createAzureUrlBuilder } from './azure-endpoint.js';

describe('createAzureUrlBuilder', () => {
  it('builds v1 URLs on the resource host, the deployment going in the body', () => {
    const url = createAzureUrlBuilder({ resource: 'contoso', api: 'v1', api_version: '2024-10-21' });
    expect(url('/chat/completions', 'gpt-4o-prod')).toBe(
      'https://contoso.openai.azure.com/openai/v1/chat/completions',
    );
    expect(url('/embeddings', 'embed')).toBe('https://contoso.openai.azure.com/openai/v1/embeddings');
  });

  it('builds classic deployment URLs with the api-version, encoding the deployment name', () => {
    const url = createAzureUrlBuilder({ resource: 'contoso', api: 'deployments', api_version: '2024-10-21' });
    expect(url('/chat/completions', 'gpt 4o/prod')).toBe(
      'https://contoso.openai.azure.com/openai/deployments/gpt%204o%2Fprod/chat/completions?api-version=2024-10-21',
    );
    expect(url('/embeddings', 'embed')).toBe(
      'https://contoso.openai.azure.com/openai/deployments/embed/embeddings?api-version=2024-10-21',
    );
    // Not deployment-scoped, as openai-node's AzureOpenAI builds it.
    expect(url('/responses', 'gpt-4o')).toBe(
      'https://contoso.openai.azure.com/openai/responses?api-version=2024-10-21',
    );
  });

  it('gives the deployments API’s /responses its own api-version', () => {
    const url = createAzureUrlBuilder({
      resource: 'contoso',
      api: 'deployments',
      api_version: '2024-10-21',
      responses_api_version: '2025-04-01-preview',
    });
    expect(url('/responses', 'gpt-4o')).toBe(
      'https://contoso.openai.azure.com/openai/responses?api-version=2025-04-01-preview',
    );
    expect(url('/chat/completions', 'gpt-4o')).toContain('api-version=2024-10-21');
  });

  it('uses a custom endpoint as it is, without doubling /openai or /openai/v1', () => {
    for (const endpoint of [
      'https://ai.example.com',
      'https://ai.example.com/openai',
      'https://ai.example.com/openai/v1',
    ]) {
      expect(createAzureUrlBuilder({ endpoint, api: 'v1', api_version: 'x' })('/chat/completions', 'd')).toBe(
        'https://ai.example.com/openai/v1/chat/completions',
      );
    }
    expect(azureOrigin({ endpoint: 'http://127.0.0.1:4000' })).toBe('http://127.0.0.1:4000');
  });
});
