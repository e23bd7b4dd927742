import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  checkPluginCompatibility,
  defineProviderPlugin,
  PluginError,
  type PluginErrorCode,
  type ProviderPlugin,
} from '@modelmux/core';
import { resolve as resolveFromParent } from 'import-meta-resolve';

/** npm's rules for a package name: lower case, an optional `@scope/`, no leading dot or underscore. */
const PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** The named export read when a package has no default export. */
export const PROVIDER_PLUGIN_EXPORT = 'providerPlugin';

export interface LoadProviderPluginsOptions {
  /** The provider instances from config. */
  instances: ReadonlyArray<{ id: string; type: string }>;
  /** The plugins the gateway already has; their types and package names are never imported again. */
  plugins: ReadonlyArray<ProviderPlugin<never>>;
  /**
   * Directories to resolve packages from, first match wins (the config file's directory, the working directory).
   * The gateway's own location (`ownUrl`) is always tried last.
   */
  searchDirectories: readonly string[];
  /** A module URL of the gateway itself, so a package installed beside the gateway is found too. */
  ownUrl?: string;
  /** Resolves a bare specifier from a parent module URL (default: import-meta-resolve, Node's ESM rules). */
  resolve?: (specifier: string, parentUrl: string) => string;
  /** Imports a resolved module URL (default: dynamic `import()`). */
  importModule?: (url: string) => Promise<unknown>;
}

export interface LoadedProviderPlugin {
  packageName: string;
  /** The module URL the plugin was imported from. */
  url: string;
  plugin: ProviderPlugin<unknown>;
}

export interface ProviderPluginPackages {
  /** Plugins imported from packages, in config order, each once. */
  loaded: LoadedProviderPlugin[];
  /** For each configured `type` that named a package, the plugin type the registry knows it by. */
  typeOf: ReadonlyMap<string, string>;
}

function fail(code: PluginErrorCode, message: string, pluginName?: string): never {
  throw new PluginError({ code, message, ...(pluginName === undefined ? {} : { pluginName }) });
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const kind = (value as { kind?: unknown }).kind;
  return typeof kind === 'string' ? `a plugin of kind '${kind}'` : 'an object that is not a plugin';
}

/** Reads the plugin out of an imported module: the default export, else the named `providerPlugin` export. */
function pickProviderPlugin(module: unknown): unknown {
  const namespace = module as Record<string, unknown>;
  return namespace.default ?? namespace[PROVIDER_PLUGIN_EXPORT];
}

function isMissingPackage(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    code === 'ERR_MODULE_NOT_FOUND' &&
    typeof message === 'string' &&
    message.startsWith('Cannot find package')
  );
}

/**
 * Imports the provider plugins that config names by package (`type = "@acme/modelmux-provider-foo"`) and checks each
 * like a built-in one before the registry is configured. A `type` that is neither a built-in type, a built-in package
 * name, nor the type of a plugin loaded here is looked up as a package. Boot errors name the config path, the package,
 * where it was looked for and how to fix it.
 */
export async function loadProviderPlugins(
  options: LoadProviderPluginsOptions,
): Promise<ProviderPluginPackages> {
  const resolve = options.resolve ?? resolveFromParent;
  const importModule = options.importModule ?? ((url: string) => import(url));
  const ownUrl = options.ownUrl ?? import.meta.url;
  const knownTypes = new Set(options.plugins.map((plugin) => plugin.type));
  const typeOf = new Map<string, string>(options.plugins.map((plugin) => [plugin.name, plugin.type]));
  const parents = [
    ...[...new Set(options.searchDirectories)].map((directory) => ({
      url: pathToFileURL(`${directory.replace(/[\\/]+$/, '')}/`).href,
      where: directory,
    })),
    { url: ownUrl, where: `the gateway's own node_modules (${dirname(fileURLToPath(ownUrl))})` },
  ];
  const loaded: LoadedProviderPlugin[] = [];

  async function load(packageName: string, path: string): Promise<LoadedProviderPlugin> {
    let url: string | undefined;
    for (const parent of parents) {
      try {
        url = resolve(packageName, parent.url);
        break;
      } catch (error) {
        if (isMissingPackage(error)) continue;
        fail(
          'MMX_PLUGIN_MALFORMED',
          `${path}: package '${packageName}' is installed but cannot be imported from ${parent.where}: ${(error as Error).message}. It must be an ES module package whose "exports" (or "main") names its entry file; reinstall or upgrade it.`,
          packageName,
        );
      }
    }
    if (url === undefined) {
      fail(
        'MMX_PLUGIN_UNKNOWN_TYPE',
        `${path}: '${packageName}' is not a built-in provider type (${[...knownTypes].join(', ') || 'none'}) and no package of that name is installed where the gateway looks: ${parents.map((parent) => parent.where).join('; ')}. Install it beside your config file (npm install ${packageName}) or use a built-in type.`,
        packageName,
      );
    }
    let module: unknown;
    try {
      module = await importModule(url);
    } catch (error) {
      fail(
        'MMX_PLUGIN_MALFORMED',
        `${path}: package '${packageName}' failed to load from ${url}: ${(error as Error).message}`,
        packageName,
      );
    }
    const candidate = pickProviderPlugin(module);
    const found = describeValue(candidate);
    if ((candidate as { kind?: unknown } | undefined)?.kind !== 'provider') {
      fail(
        'MMX_PLUGIN_MALFORMED',
        `${path}: package '${packageName}' exports ${found} where a provider plugin was expected: its default export (or a named '${PROVIDER_PLUGIN_EXPORT}' export) must be made with defineProviderPlugin() from @modelmux/core.`,
        packageName,
      );
    }
    let plugin: ProviderPlugin<unknown>;
    try {
      const { kind: _kind, ...definition } = candidate as ProviderPlugin<unknown>;
      plugin = defineProviderPlugin(definition);
    } catch (error) {
      fail(
        'MMX_PLUGIN_MALFORMED',
        `${path}: package '${packageName}': ${(error as Error).message}`,
        packageName,
      );
    }
    if (plugin.name !== packageName) {
      fail(
        'MMX_PLUGIN_MALFORMED',
        `${path}: package '${packageName}' exports the plugin '${plugin.name}'; a plugin's name must be the name of the package it is loaded from.`,
        packageName,
      );
    }
    try {
      checkPluginCompatibility(plugin);
    } catch (error) {
      if (!PluginError.isInstance(error)) throw error;
      fail(
        error.code as PluginErrorCode,
        `${path}: ${error.message} Install a version of ${packageName} made for this gateway, or upgrade the gateway.`,
        packageName,
      );
    }
    return { packageName, url, plugin };
  }

  const pending = new Map<string, string>();
  for (const instance of options.instances) {
    const { type } = instance;
    if (knownTypes.has(type) || typeOf.has(type) || pending.has(type) || !PACKAGE_NAME.test(type)) continue;
    pending.set(type, `providers.${instance.id}.type`);
  }
  const failures: Array<{ type: string; error: unknown }> = [];
  for (const [packageName, path] of pending) {
    try {
      const entry = await load(packageName, path);
      loaded.push(entry);
      typeOf.set(packageName, entry.plugin.type);
    } catch (error) {
      failures.push({ type: packageName, error });
    }
  }
  // `type = "foo"` beside `type = "@acme/modelmux-provider-foo"` names the type that package provides, not a package.
  const loadedTypes = new Set(loaded.map((entry) => entry.plugin.type));
  const failure = failures.find(({ type }) => !loadedTypes.has(type));
  if (failure !== undefined) throw failure.error;
  for (const type of loadedTypes) typeOf.set(type, type);
  return { loaded, typeOf };
}
