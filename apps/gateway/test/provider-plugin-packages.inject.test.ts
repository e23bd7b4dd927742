import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';

// Real packages in a project directory of their own, resolved and imported the way the gateway does it for users.
let project: string;

/** A hand-written ES module plugin object, as a package that does not use defineProviderPlugin() could export it. */
function pluginSource(fields: { name: string; type: string; core?: string }): string {
  return `export default {
  kind: 'provider',
  name: ${JSON.stringify(fields.name)},
  type: ${JSON.stringify(fields.type)},
  core: ${JSON.stringify(fields.core ?? '^1.0.0')},
  settingsSchema: {
    safeParse: (value) =>
      typeof value.greeting === 'string'
        ? { success: true, data: value }
        : { success: false, error: { issues: [{ path: ['greeting'], message: 'required' }] } },
  },
  create: (settings, deps) => ({ specVersion: 1, id: deps.id, listModels: () => [settings.greeting] }),
};
`;
}

const PACKAGES: Record<string, { packageJson?: Record<string, unknown>; source: string }> = {
  '@test/modelmux-provider-ok': { source: pluginSource({ name: '@test/modelmux-provider-ok', type: 'ok' }) },
  '@test/modelmux-provider-named': {
    source: `export const providerPlugin = (${pluginSource({ name: '@test/modelmux-provider-named', type: 'named' }).replace('export default ', '').replace(/;\n$/, '')});\n`,
  },
  '@test/not-a-plugin': { source: 'export default "hello";\n' },
  '@test/api-plugin': {
    source: "export default { kind: 'api', name: '@test/api-plugin', core: '^1.0.0', routes: [] };\n",
  },
  '@test/modelmux-provider-future': {
    source: pluginSource({ name: '@test/modelmux-provider-future', type: 'future', core: '^2.0.0' }),
  },
  '@test/modelmux-provider-broken': { source: "import 'a-package-nobody-installed';\nexport default {};\n" },
  '@test/modelmux-provider-unexported': {
    packageJson: { exports: { './other': './other.js' } },
    source: pluginSource({ name: '@test/modelmux-provider-unexported', type: 'unexported' }),
  },
  '@test/modelmux-provider-misnamed': {
    source: pluginSource({ name: '@test/someone-else', type: 'misnamed' }),
  },
  '@test/modelmux-provider-bedrock-twin': {
    source: pluginSource({ name: '@test/modelmux-provider-bedrock-twin', type: 'bedrock' }),
  },
};

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'modelmux-plugin-packages-'));
  for (const [name, { packageJson, source }] of Object.entries(PACKAGES)) {
    const directory = join(project, 'node_modules', ...name.split('/'));
    await mkdir(directory, { recursive: true });
    await writeFile(
      join(directory, 'package.json'),
      JSON.stringify({
        name,
        version: '1.0.0',
        type: 'module',
        exports: { '.': './index.js' },
        ...packageJson,
      }),
    );
    await writeFile(join(directory, 'index.js'), source);
  }
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function boot(type: string, settings: Record<string, unknown> = { greeting: 'hi' }): FastifyInstance {
  app = buildApp({
    config: parseGatewayConfig({
      responses: { store: 'none' },
      providers: { custom: { type, ...settings } },
    }),
    logger: false,
    pluginSearchDirectories: [project],
  });
  return app;
}

describe('provider plugins loaded by package name', () => {
  it.each([
    ['@test/modelmux-provider-ok', 'a default export'],
    ['@test/modelmux-provider-named', 'a named providerPlugin export'],
  ])('boots with type = "%s" (%s) and builds its instance', async (type) => {
    const gateway = boot(type);
    await gateway.ready();
    expect(gateway.modelmux.listModels().map((model) => model.id)).toEqual(['custom:hi']);
    const ready = await gateway.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
  });

  it("validates the instance's settings with the package's schema, naming the path", async () => {
    await expect(boot('@test/modelmux-provider-ok', {}).ready()).rejects.toMatchObject({
      code: 'MMX_CONFIG_INVALID',
      issues: [{ path: 'providers.custom.greeting', message: 'required' }],
    });
  });

  it.each([
    [
      'a package nobody installed',
      '@test/modelmux-provider-missing',
      'MMX_PLUGIN_UNKNOWN_TYPE',
      'npm install @test/modelmux-provider-missing',
    ],
    ['a package that exports no plugin', '@test/not-a-plugin', 'MMX_PLUGIN_MALFORMED', 'exports a string'],
    ['an API plugin', '@test/api-plugin', 'MMX_PLUGIN_MALFORMED', "exports a plugin of kind 'api'"],
    [
      'a plugin for another core spec',
      '@test/modelmux-provider-future',
      'MMX_PLUGIN_INCOMPATIBLE',
      'supports core ^2.0.0',
    ],
    [
      'a package that fails to import',
      '@test/modelmux-provider-broken',
      'MMX_PLUGIN_MALFORMED',
      'failed to load from file://',
    ],
    [
      'a package without an entry point',
      '@test/modelmux-provider-unexported',
      'MMX_PLUGIN_MALFORMED',
      'is installed but cannot be imported',
    ],
    [
      'a plugin named after another package',
      '@test/modelmux-provider-misnamed',
      'MMX_PLUGIN_MALFORMED',
      "exports the plugin '@test/someone-else'",
    ],
    [
      'a plugin whose type a built-in plugin has',
      '@test/modelmux-provider-bedrock-twin',
      'MMX_PLUGIN_DUPLICATE',
      "both provide type 'bedrock'",
    ],
  ])('fails ready() for %s', async (_case, type, code, detail) => {
    const error = await boot(type)
      .ready()
      .then(
        () => undefined,
        (failure: { code: string; message: string }) => failure,
      );
    expect(error).toMatchObject({ code });
    expect(error?.message).toContain(detail);
    if (code !== 'MMX_PLUGIN_DUPLICATE') expect(error?.message).toContain('providers.custom.type');
  });

  it('names every place it looked when a package is missing', async () => {
    const error = await boot('@test/modelmux-provider-missing')
      .ready()
      .then(
        () => undefined,
        (failure: Error) => failure,
      );
    expect(error?.message).toContain(project);
    expect(error?.message).toContain("the gateway's own node_modules");
  });
});
