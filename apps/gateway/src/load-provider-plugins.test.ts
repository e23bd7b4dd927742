import { defineProviderPlugin, type ProviderPlugin } from '@modelmux/core';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { type LoadProviderPluginsOptions, loadProviderPlugins } from './load-provider-plugins.js';

const OWN_URL = 'file:///opt/modelmux/dist/cli.js';

function providerPlugin(name: string, type: string, core = '^1.0.0'): ProviderPlugin<never> {
  return defineProviderPlugin({
    name,
    type,
    core,
    settingsSchema: z.strictObject({}),
    create: (_settings, deps) => ({ specVersion: 1, id: deps.id }),
  }) as ProviderPlugin<never>;
}

const builtIn = providerPlugin('@modelmux/provider-openai-compatible', 'openai-compatible');

function missing(specifier: string, parentUrl: string): Error {
  return Object.assign(new Error(`Cannot find package '${specifier}' imported from ${parentUrl}`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
}

/** A package layout: parent URL → package name → entry URL; the modules by entry URL. */
function installed(layout: Record<string, Record<string, string>>, modules: Record<string, unknown>) {
  const resolve = vi.fn((specifier: string, parentUrl: string) => {
    const url = layout[parentUrl]?.[specifier];
    if (url === undefined) throw missing(specifier, parentUrl);
    return url;
  });
  const importModule = vi.fn(async (url: string) => {
    if (!(url in modules)) throw new Error(`no module at ${url}`);
    return modules[url];
  });
  return { resolve, importModule };
}

function load(
  instances: Array<[string, string]>,
  overrides: Partial<LoadProviderPluginsOptions> &
    Pick<LoadProviderPluginsOptions, 'resolve' | 'importModule'>,
) {
  return loadProviderPlugins({
    instances: instances.map(([id, type]) => ({ id, type })),
    plugins: [builtIn],
    searchDirectories: ['/etc/modelmux', '/srv/app'],
    ownUrl: OWN_URL,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  return promise.then(
    () => {
      throw new Error('expected a boot error');
    },
    (error: { code: string; message: string }) => error,
  );
}

const FOO = '@acme/modelmux-provider-foo';
const FOO_ENTRY = 'file:///srv/app/node_modules/@acme/modelmux-provider-foo/dist/index.js';
const fooPlugin = providerPlugin(FOO, 'foo');

describe('loadProviderPlugins', () => {
  it('imports a package named as a type, looking beside the config, then the working directory, then itself', async () => {
    const { resolve, importModule } = installed(
      { 'file:///srv/app/': { [FOO]: FOO_ENTRY } },
      { [FOO_ENTRY]: { default: fooPlugin } },
    );
    const result = await load([['local', FOO]], { resolve, importModule });
    expect(resolve.mock.calls).toEqual([
      [FOO, 'file:///etc/modelmux/'],
      [FOO, 'file:///srv/app/'],
    ]);
    expect(importModule).toHaveBeenCalledWith(FOO_ENTRY);
    expect(result.loaded).toEqual([{ packageName: FOO, url: FOO_ENTRY, plugin: expect.any(Object) }]);
    expect(result.loaded[0]?.plugin).toMatchObject({ kind: 'provider', name: FOO, type: 'foo' });
    expect(result.typeOf.get(FOO)).toBe('foo');
  });

  it("falls back to the gateway's own node_modules", async () => {
    const { resolve, importModule } = installed(
      { [OWN_URL]: { [FOO]: FOO_ENTRY } },
      { [FOO_ENTRY]: { default: fooPlugin } },
    );
    const result = await load([['local', FOO]], { resolve, importModule });
    expect(resolve.mock.calls.map(([, parent]) => parent)).toEqual([
      'file:///etc/modelmux/',
      'file:///srv/app/',
      OWN_URL,
    ]);
    expect(result.typeOf.get(FOO)).toBe('foo');
  });

  it('accepts a named providerPlugin export when there is no default export', async () => {
    const { resolve, importModule } = installed(
      { 'file:///etc/modelmux/': { [FOO]: FOO_ENTRY } },
      { [FOO_ENTRY]: { providerPlugin: fooPlugin, createFooProvider: () => undefined } },
    );
    const result = await load([['local', FOO]], { resolve, importModule });
    expect(result.loaded.map((entry) => entry.plugin.type)).toEqual(['foo']);
  });

  it('imports nothing for built-in types, built-in package names and names that are no package names', async () => {
    const { resolve, importModule } = installed({}, {});
    const result = await load(
      [
        ['a', 'openai-compatible'],
        ['b', '@modelmux/provider-openai-compatible'],
        ['c', 'Not A Package'],
      ],
      { resolve, importModule },
    );
    expect(resolve).not.toHaveBeenCalled();
    expect(result.loaded).toEqual([]);
    expect(result.typeOf.get('@modelmux/provider-openai-compatible')).toBe('openai-compatible');
  });

  it('imports a package once however many instances name it, and knows its short type too', async () => {
    const { resolve, importModule } = installed(
      { 'file:///etc/modelmux/': { [FOO]: FOO_ENTRY } },
      { [FOO_ENTRY]: { default: fooPlugin } },
    );
    const result = await load(
      [
        ['short', 'foo'],
        ['one', FOO],
        ['two', FOO],
      ],
      { resolve, importModule },
    );
    expect(importModule).toHaveBeenCalledTimes(1);
    expect(result.loaded).toHaveLength(1);
    expect(result.typeOf.get('foo')).toBe('foo');
  });

  it('a missing package: MMX_PLUGIN_UNKNOWN_TYPE naming the config path, where it looked and the fix', async () => {
    const { resolve, importModule } = installed({}, {});
    const error = await failure(load([['local', FOO]], { resolve, importModule }));
    expect(error.code).toBe('MMX_PLUGIN_UNKNOWN_TYPE');
    expect(error.message).toContain(`providers.local.type: '${FOO}' is not a built-in provider type`);
    expect(error.message).toContain('(openai-compatible)');
    expect(error.message).toContain(
      "/etc/modelmux; /srv/app; the gateway's own node_modules (/opt/modelmux/dist)",
    );
    expect(error.message).toContain(`npm install ${FOO}`);
    expect(importModule).not.toHaveBeenCalled();
  });

  it('a package that resolves but has no importable entry: MMX_PLUGIN_MALFORMED', async () => {
    const resolve = vi.fn(() => {
      throw Object.assign(new Error(`Package subpath '.' is not defined by "exports"`), {
        code: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
      });
    });
    const error = await failure(load([['local', FOO]], { resolve, importModule: vi.fn() }));
    expect(error.code).toBe('MMX_PLUGIN_MALFORMED');
    expect(error.message).toContain('is installed but cannot be imported from /etc/modelmux');
    expect(error.message).toContain('is not defined by "exports"');
  });

  it('a package whose import throws: MMX_PLUGIN_MALFORMED with the reason', async () => {
    const { resolve } = installed({ 'file:///etc/modelmux/': { [FOO]: FOO_ENTRY } }, {});
    const importModule = vi.fn(async () => {
      throw new Error("Cannot find package 'zod' imported from /srv/app/node_modules/@acme/…");
    });
    const error = await failure(load([['local', FOO]], { resolve, importModule }));
    expect(error.code).toBe('MMX_PLUGIN_MALFORMED');
    expect(error.message).toContain(
      `providers.local.type: package '${FOO}' failed to load from ${FOO_ENTRY}`,
    );
    expect(error.message).toContain("Cannot find package 'zod'");
  });

  it.each([
    ['no plugin at all', { createFooProvider: () => undefined }, 'exports nothing where a provider plugin'],
    ['a string', { default: 'foo' }, 'exports a string where a provider plugin'],
    [
      'an API plugin',
      { default: { kind: 'api', name: FOO, core: '^1.0.0', routes: [] } },
      "exports a plugin of kind 'api' where a provider plugin",
    ],
    [
      'a provider without create()',
      { default: { kind: 'provider', name: FOO, type: 'foo', core: '^1.0.0', settingsSchema: z.object({}) } },
      'create must be a function',
    ],
    [
      'a plugin named otherwise',
      { default: providerPlugin('@acme/other', 'foo') },
      "exports the plugin '@acme/other'",
    ],
  ])('a package that exports %s: MMX_PLUGIN_MALFORMED', async (_name, module, expected) => {
    const { resolve, importModule } = installed(
      { 'file:///etc/modelmux/': { [FOO]: FOO_ENTRY } },
      { [FOO_ENTRY]: module },
    );
    const error = await failure(load([['local', FOO]], { resolve, importModule }));
    expect(error.code).toBe('MMX_PLUGIN_MALFORMED');
    expect(error.message).toContain(`providers.local.type: package '${FOO}'`);
    expect(error.message).toContain(expected);
  });

  it('a plugin made for another core spec: MMX_PLUGIN_INCOMPATIBLE and how to fix it', async () => {
    const { resolve, importModule } = installed(
      { 'file:///etc/modelmux/': { [FOO]: FOO_ENTRY } },
      { [FOO_ENTRY]: { default: providerPlugin(FOO, 'foo', '^2.0.0') } },
    );
    const error = await failure(load([['local', FOO]], { resolve, importModule }));
    expect(error.code).toBe('MMX_PLUGIN_INCOMPATIBLE');
    expect(error.message).toContain(
      'providers.local.type: Plugin @acme/modelmux-provider-foo supports core ^2.0.0',
    );
    expect(error.message).toContain(
      `Install a version of ${FOO} made for this gateway, or upgrade the gateway.`,
    );
  });

  it('reports the first failing package in config order', async () => {
    const { resolve, importModule } = installed({}, {});
    const error = await failure(
      load(
        [
          ['first', '@acme/modelmux-provider-first'],
          ['second', '@acme/modelmux-provider-second'],
        ],
        { resolve, importModule },
      ),
    );
    expect(error.message).toContain('providers.first.type');
  });
});
