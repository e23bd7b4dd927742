import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from './load-gateway-config.js';

describe('MODELMUX_… overrides', () => {
  it('set nested values from variables, as JSON when it parses, winning over the file', () => {
    const config = parseGatewayConfig(
      {
        server: { port: 8080 },
        providers: { vllm: { type: 'openai-compatible', base_url: 'http://old:8000/v1' } },
      },
      {
        MODELMUX_SERVER__PORT: '9090',
        MODELMUX_SERVER__CORS_ORIGINS: '["https://app.example.com"]',
        MODELMUX_PROVIDERS__VLLM__BASE_URL: 'http://vllm:8000/v1',
        MODELMUX_RESPONSES__STORE: 'memory',
        MODELMUX_AUTH__KEYS: '[{"name":"ops","key":{"env":"OPS_KEY"}}]',
        MODELMUX_IGNORED: 'no double underscore, not a config path',
        OTHER__VARIABLE: 'not ours',
      },
    );
    expect(config.server).toMatchObject({ port: 9090, cors_origins: ['https://app.example.com'] });
    expect(config.providers.vllm).toMatchObject({ base_url: 'http://vllm:8000/v1' });
    expect(config.responses.store).toBe('memory');
    expect(config.auth.keys).toEqual([{ name: 'ops', key: { env: 'OPS_KEY' } }]);
  });

  it('reports a bad override at its config path', () => {
    expect(() => parseGatewayConfig({}, { MODELMUX_SERVER__PORT: '"eighty"' })).toThrow(
      expect.objectContaining({ message: expect.stringContaining('server.port') }),
    );
  });
});
