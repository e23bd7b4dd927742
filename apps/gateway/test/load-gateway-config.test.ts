import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGatewayConfig, parseGatewayConfigToml } from '../src/config/load-gateway-config.js';

const TOML = `
[server]
host = "127.0.0.1"
port = 8080

[providers.local]
type = "openai-compatible"
base_url = "http://127.0.0.1:8000/v1"
api_key = "\${VLLM_API_KEY}"

[models.fast]
targets = ["local:meta-llama/Llama-3.1-8B-Instruct"]
`;

describe('gateway config', () => {
  it('parses TOML, interpolates ${ENV} and applies defaults', () => {
    const config = parseGatewayConfigToml(TOML, { VLLM_API_KEY: 'k-1' });
    expect(config.providers.local).toEqual({
      type: 'openai-compatible',
      base_url: 'http://127.0.0.1:8000/v1',
      api_key: 'k-1',
    });
    expect(config.models.fast?.targets).toEqual(['local:meta-llama/Llama-3.1-8B-Instruct']);
    expect(config.upstream.body_timeout_ms).toBe(300_000);
    expect(config.server.body_limit).toBe(10 * 1024 * 1024);
  });

  it('supports ${NAME:-default} and $$', () => {
    const config = parseGatewayConfigToml(
      '[server]\nhost = "${HOST:-0.0.0.0}"\n[providers.a]\ntype = "x"\nnote = "$${literal}"\n',
      {},
    );
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.providers.a).toMatchObject({ note: '${literal}' });
  });

  it('names the path of a missing environment variable', () => {
    expect(() => parseGatewayConfigToml(TOML, {})).toThrow(
      expect.objectContaining({
        code: 'MMX_CONFIG_SECRET_MISSING',
        message: expect.stringContaining('providers.local.api_key'),
      }),
    );
  });

  it.each([
    ['[server]\nport = "eighty"\n', 'server.port'],
    ['[server]\nprot = 1\n', 'server'],
    ['[providers."bad:id"]\ntype = "x"\n', 'providers.bad:id'],
    ['[providers.a]\nbase_url = "x"\n', 'providers.a.type'],
    ['[models.fast]\ntargets = []\n', 'models.fast.targets'],
  ])('rejects %j naming %s', (text, path) => {
    expect(() => parseGatewayConfigToml(text, {})).toThrow(
      expect.objectContaining({ code: 'MMX_CONFIG_INVALID', message: expect.stringContaining(path) }),
    );
  });

  it('reports TOML syntax errors with line and column', () => {
    expect(() => parseGatewayConfigToml('[server\nport = 1', {})).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/line 1/) }),
    );
  });

  it('loads a file and reports an unreadable one', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'modelmux-config-'));
    try {
      await writeFile(join(folder, 'c.toml'), TOML);
      expect((await loadGatewayConfig(join(folder, 'c.toml'), { VLLM_API_KEY: 'x' })).server.port).toBe(8080);
      await expect(loadGatewayConfig(join(folder, 'missing.toml'))).rejects.toMatchObject({
        code: 'MMX_CONFIG_INVALID',
      });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('the shipped example config', () => {
  it('loads and boots (with the env variables it names)', async () => {
    const { buildApp } = await import('../src/app.js');
    const file = new URL('../../../config/modelmux.example.toml', import.meta.url).pathname;
    const env = { OPENAI_API_KEY: 'sk-example-0000000000' };
    const config = await loadGatewayConfig(file, env);
    expect(Object.keys(config.providers)).toEqual(['local', 'openai']);
    expect(config.models.spread).toEqual({
      targets: ['local:meta-llama/Llama-3.1-8B-Instruct', 'openai:gpt-4.1-mini'],
      weights: [3, 1],
      routing: { max_retries: 0, first_byte_timeout_ms: 20000 },
    });
    const app = buildApp({ config, env, logger: false });
    try {
      await app.ready();
      expect(app.modelmux.listModels().map((model) => model.id)).toEqual([
        'fast',
        'smart',
        'resilient',
        'spread',
        'local:meta-llama/Llama-3.1-8B-Instruct',
      ]);
    } finally {
      await app.close();
    }
  });
});
