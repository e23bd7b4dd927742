import { describe, expect, it } from 'vitest';
import { vertexHost, vertexModelUrl } from './vertex-host.js';
import { vertexModelFamily } from './vertex-provider.js';

describe('vertexHost', () => {
  it.each([
    ['us-east5', 'https://us-east5-aiplatform.googleapis.com'],
    ['europe-west1', 'https://europe-west1-aiplatform.googleapis.com'],
    ['global', 'https://aiplatform.googleapis.com'],
    ['us', 'https://aiplatform.us.rep.googleapis.com'],
    ['eu', 'https://aiplatform.eu.rep.googleapis.com'],
  ])('%s → %s', (region, host) => {
    expect(vertexHost(region)).toBe(host);
  });
});

describe('vertexModelUrl', () => {
  it('builds the publisher model URL, keeping @ in model ids', () => {
    expect(
      vertexModelUrl({
        baseUrl: 'https://us-east5-aiplatform.googleapis.com',
        project: 'my-proj',
        region: 'us-east5',
        publisher: 'anthropic',
        modelId: 'claude-sonnet-4-5@20250929',
        method: 'rawPredict',
      }),
    ).toBe(
      'https://us-east5-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict',
    );
    expect(
      vertexModelUrl({
        baseUrl: 'http://e',
        project: 'p',
        region: 'global',
        publisher: 'google',
        modelId: 'a/b c',
        method: 'generateContent',
      }),
    ).toBe('http://e/v1/projects/p/locations/global/publishers/google/models/a%2Fb%20c:generateContent');
  });
});

describe('vertexModelFamily', () => {
  it.each([
    ['claude-sonnet-4-5@20250929', 'claude'],
    ['gemini-2.5-flash', 'gemini'],
    ['gemini-embedding-001', 'embedding'],
    ['text-embedding-005', 'embedding'],
    ['text-multilingual-embedding-002', 'embedding'],
    ['llama-3', undefined],
  ])('%s → %s', (modelId, family) => {
    expect(vertexModelFamily(modelId)).toBe(family);
  });
});
