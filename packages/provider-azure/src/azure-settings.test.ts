import { describe, expect, it } from 'vitest';
import { azureSettingsSchema } from './azure-settings.js';

function issues(settings: unknown): string[] {
  const parsed = azureSettingsSchema.safeParse(settings);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('azureSettingsSchema', () => {
  it('defaults to the v1 API, the GA api-version and max_completion_tokens', () => {
    expect(azureSettingsSchema.parse({ resource: 'contoso', api_key: 'k' })).toMatchObject({
      api: 'v1',
      api_version: '2024-10-21',
      max_tokens_field: 'max_completion_tokens',
      stream_usage: true,
      embedding_inputs_per_call: 2048,
    });
  });

  it('needs exactly one of resource and endpoint', () => {
    expect(issues({ api_key: 'k' })).toEqual(['resource: set exactly one of resource or endpoint']);
    expect(issues({ resource: 'a', endpoint: 'https://b.example.com', api_key: 'k' })).toEqual([
      'endpoint: set exactly one of resource or endpoint',
    ]);
  });

  it('refuses an API key together with Entra credentials', () => {
    expect(issues({ resource: 'a', api_key: 'k', entra: { type: 'default' } })).toEqual([
      'entra: set either api_key or entra credentials, not both',
    ]);
  });

  it('checks Entra settings by type and wants an https authority', () => {
    expect(
      issues({ resource: 'a', entra: { type: 'client_secret', tenant_id: 't', client_id: 'c' } }),
    ).toEqual(['entra.client_secret: Invalid input']);
    expect(
      issues({
        resource: 'a',
        entra: {
          type: 'client_secret',
          tenant_id: 't',
          client_id: 'c',
          client_secret: 's',
          authority_host: 'http://x',
        },
      }),
    ).toEqual(['entra.authority_host: must be an https URL']);
    expect(issues({ resource: 'a', entra: { type: 'managed_identity', client_id: 'mi' } })).toEqual([]);
  });
});
