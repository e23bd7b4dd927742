import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, defineProviderPlugin, PluginError } from '@modelmux/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { installedProviderPlugins } from '../installed-plugins.js';
import { findConfigProblems } from './find-config-problems.js';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'modelmux-config-problems-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function check(
  toml: string,
  env: Record<string, string> = {},
  boot: () => Promise<void> = vi.fn(async () => undefined),
) {
  const file = join(directory, `config-${Math.random().toString(36).slice(2)}.toml`);
  await writeFile(file, toml);
  const result = await findConfigProblems({ file, env, providerPlugins: installedProviderPlugins(), boot });
  return { ...result, boot };
}

describe('findConfigProblems', () => {
  it('reports every problem at once, each at its path with a fix', async () => {
    const { problems, boot } = await check(
      [
        '[server]',
        'prot = 8080',
        'log_level = "inf"',
        'body_limit = "1000"',
        '[providers.vllm]',
        'type = "openai-compatible"',
        'base_ur = "http://127.0.0.1:8000/v1"',
        'api_key = { env = "VLLM_API_KEY" }',
        '[providers.aws]',
        'type = "bedrock"',
        'credentials = { type = "key" }',
        '[providers.g]',
        'type = "vertexx"',
        '[models.fast]',
        'targets = ["vlm:meta-llama/Llama-3.1-8B-Instruct", "plain"]',
      ].join('\n'),
    );
    expect(problems).toEqual([
      {
        path: 'server.body_limit',
        message: 'Invalid input: expected number, received string',
        fix: 'write the number without quotes: body_limit = 1000',
      },
      {
        path: 'server.log_level',
        message: '"inf" is not allowed here',
        fix: 'did you mean "info"? use one of: "fatal", "error", "warn", "info", "debug", "trace", "silent"',
      },
      {
        path: 'server.prot',
        message: 'unknown key "prot"',
        fix: 'did you mean "port"? Rename prot to port.',
      },
      {
        path: 'providers.vllm.base_url',
        message: 'missing (required)',
        fix: 'add base_url = "…" to [providers.vllm]',
      },
      {
        path: 'providers.vllm.base_ur',
        message: 'unknown key "base_ur"',
        fix: 'did you mean "base_url"? Rename base_ur to base_url.',
      },
      {
        path: 'providers.aws.region',
        message: 'missing (required)',
        fix: 'add region = "…" to [providers.aws]',
      },
      {
        path: 'providers.aws.credentials.type',
        message: '"key" is not a known type',
        fix: 'did you mean "keys"? use one of: "default", "keys", "api_key"',
      },
      {
        path: 'providers.g.type',
        message: 'no provider plugin has type "vertexx"',
        fix:
          'did you mean "vertex"? use one of: openai-compatible, vertex, bedrock, azure-openai, or the name of a ' +
          'provider plugin package installed beside the config file',
      },
      {
        path: 'models.fast.targets[0]',
        message: 'no provider instance "vlm" is configured',
        fix: 'did you mean "vllm"? the configured instances are: vllm, aws, g',
      },
      {
        path: 'models.fast.targets[1]',
        message: '"plain" is not of the form instance:model',
        fix: 'name a provider instance and its model, e.g. "vllm:plain"',
      },
      {
        path: 'providers.vllm.api_key',
        message: 'environment variable VLLM_API_KEY is not set',
        fix: 'export VLLM_API_KEY=<value> before starting modelmux (in a container: pass it in the environment)',
      },
    ]);
    // The gateway is not built while the file has problems.
    expect(boot).not.toHaveBeenCalled();
  });

  it('lists the valid keys when no key is close, and names the MODELMUX_… variable that set a bad value', async () => {
    const { problems } = await check(
      '[providers.vllm]\ntype = "openai-compatible"\nbase_url = "http://127.0.0.1:8000/v1"\ntimeout = 3\n',
      { MODELMUX_SERVER__PORT: '"eighty"' },
    );
    expect(problems).toEqual([
      {
        path: 'server.port',
        message: 'Invalid input: expected number, received string (set by MODELMUX_SERVER__PORT)',
        fix: 'write port = <number>',
      },
      {
        path: 'providers.vllm.timeout',
        message: 'unknown key "timeout"',
        fix: expect.stringMatching(
          /^remove it; the keys of \[providers.vllm\] are: api_key, base_url, .*, type$/,
        ),
      },
    ]);
  });

  it('reports an unset ${VAR} once, with the variable to export or a default to write', async () => {
    const { problems } = await check(
      '[providers.vllm]\ntype = "openai-compatible"\nbase_url = "${VLLM_BASE_URL}"\n',
    );
    expect(problems).toEqual([
      {
        path: 'providers.vllm.base_url',
        message: 'environment variable VLLM_BASE_URL is not set',
        fix:
          'export VLLM_BASE_URL=<value> before starting modelmux (in a container: pass it in the environment), ' +
          'or give a default in the file: ${VLLM_BASE_URL:-value}',
      },
    ]);
  });

  it('explains unreadable files, TOML syntax and conditional requirements', async () => {
    const missing = await findConfigProblems({
      file: join(directory, 'absent.toml'),
      env: {},
      providerPlugins: [],
      boot: async () => undefined,
    });
    expect(missing.problems).toEqual([
      {
        path: join(directory, 'absent.toml'),
        message: expect.stringContaining('cannot read the config file'),
        fix: 'check the path, or write a new config with `modelmux config init`',
      },
    ]);
    expect((await check('[server\nport = 1')).problems).toEqual([
      { path: 'line 1, column 8', message: expect.stringContaining('not valid TOML') },
    ]);
    expect((await check('[responses]\nstore = "redis"\n')).problems).toEqual([
      {
        path: 'responses.redis_url',
        message: 'required when store = "redis"',
        fix: 'add redis_url = "…" to [responses]',
      },
    ]);
  });

  it('checks the settings of plugin packages named by type, and reports a package that cannot be loaded', async () => {
    const plugin = defineProviderPlugin({
      name: '@acme/modelmux-provider-echo',
      type: 'echo',
      core: '^1.0.0',
      settingsSchema: z.strictObject({ base_url: z.string() }),
      create: () => {
        throw new Error('not built here');
      },
    });
    const file = join(directory, 'packages.toml');
    await writeFile(
      file,
      [
        '[providers.echo]',
        'type = "@acme/modelmux-provider-echo"',
        'base_ur = "http://127.0.0.1:9"',
        '[providers.broken]',
        'type = "@acme/modelmux-provider-broken"',
      ].join('\n'),
    );
    const { problems } = await findConfigProblems({
      file,
      env: {},
      providerPlugins: installedProviderPlugins(),
      loadPluginPackages: async ([instance]) => {
        if (instance?.type === '@acme/modelmux-provider-echo')
          return {
            loaded: [{ packageName: plugin.name, url: 'file:///echo.js', plugin }],
            typeOf: new Map([[plugin.name, 'echo']]),
          };
        throw new PluginError({
          code: 'MMX_PLUGIN_MALFORMED',
          message: `providers.broken.type: package '${instance?.type}' exports nothing where a provider plugin was expected`,
        });
      },
      boot: async () => undefined,
    });
    expect(problems).toEqual([
      {
        path: 'providers.broken.type',
        message:
          "package '@acme/modelmux-provider-broken' exports nothing where a provider plugin was expected",
      },
      {
        path: 'providers.echo.base_url',
        message: 'missing (required)',
        fix: 'add base_url = "…" to [providers.echo]',
      },
      {
        path: 'providers.echo.base_ur',
        message: 'unknown key "base_ur"',
        fix: 'did you mean "base_url"? Rename base_ur to base_url.',
      },
    ]);
  });

  it('boots a clean config, and reports what only the boot finds', async () => {
    const clean = '[providers.vllm]\ntype = "openai-compatible"\nbase_url = "http://127.0.0.1:8000/v1"\n';
    const ok = await check(clean);
    expect(ok.problems).toEqual([]);
    expect(ok.config?.providers.vllm).toMatchObject({ base_url: 'http://127.0.0.1:8000/v1' });
    expect(ok.boot).toHaveBeenCalledOnce();
    const failing = await check(clean, {}, async (): Promise<void> => {
      throw new ConfigError({
        issues: [{ path: 'providers.vllm.credentials.path', message: 'cannot read /nowhere.json' }],
      });
    });
    expect(failing.problems).toEqual([
      { path: 'providers.vllm.credentials.path', message: 'cannot read /nowhere.json' },
    ]);
  });
});
