import { describe, expect, it } from 'vitest';
import { maskConfigSecrets } from './mask-config-secrets.js';

describe('maskConfigSecrets', () => {
  it('masks secret-named fields, nested ones and URL passwords, and keeps env references and everything else', () => {
    expect(
      maskConfigSecrets({
        server: { host: '127.0.0.1', port: 8080 },
        providers: {
          openai: {
            type: 'openai-compatible',
            base_url: 'https://api.openai.com/v1',
            api_key: 'sk-live-123',
          },
          azure: { entra: { type: 'client_secret', client_secret: { env: 'AZURE_SECRET' }, tenant_id: 't' } },
          bedrock: { credentials: { type: 'keys', access_key_id: 'AKID', secret_access_key: 'shh' } },
        },
        auth: { keys: [{ name: 'team', key: 'sk-team' }] },
        responses: { redis_url: 'redis://user:hunter2@redis.internal:6379/0', redis_key_prefix: 'mmx:' },
      }),
    ).toEqual({
      server: { host: '127.0.0.1', port: 8080 },
      providers: {
        openai: { type: 'openai-compatible', base_url: 'https://api.openai.com/v1', api_key: '***' },
        azure: { entra: { type: 'client_secret', client_secret: { env: 'AZURE_SECRET' }, tenant_id: 't' } },
        bedrock: { credentials: { type: 'keys', access_key_id: 'AKID', secret_access_key: '***' } },
      },
      auth: { keys: [{ name: 'team', key: '***' }] },
      responses: { redis_url: 'redis://user:***@redis.internal:6379/0', redis_key_prefix: 'mmx:' },
    });
  });
});
