import type { z } from 'zod';
import { PluginError } from '../errors/plugin-error.js';
import type { Provider } from './provider.js';
import type { ProviderDeps } from './provider-deps.js';

export interface ProviderPlugin<Settings = unknown> {
  readonly kind: 'provider';
  /** npm package name; unique. */
  readonly name: string;
  /** The `type` used in config and as the `providerOptions` key; kebab-case and unique. */
  readonly type: string;
  /** semver range of SPEC_VERSION this plugin supports, e.g. `^1.0.0`. */
  readonly core: string;
  readonly settingsSchema: z.ZodType<Settings>;
  /** Receives settings already validated by `settingsSchema`; `id` is the instance id from config. */
  create(settings: Settings, deps: ProviderDeps & { id: string }): Provider;
}

const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Checks the plugin's shape and freezes it. */
export function defineProviderPlugin<Settings>(
  plugin: Omit<ProviderPlugin<Settings>, 'kind'>,
): ProviderPlugin<Settings> {
  const name = typeof plugin?.name === 'string' ? plugin.name : '(unnamed)';
  const fail = (reason: string): never => {
    throw new PluginError({
      code: 'MMX_PLUGIN_MALFORMED',
      message: `Provider plugin ${name}: ${reason}`,
      pluginName: name,
    });
  };
  if (typeof plugin?.name !== 'string' || plugin.name === '') fail('name must be a non-empty string');
  if (typeof plugin.type !== 'string' || !KEBAB_CASE.test(plugin.type)) fail('type must be kebab-case');
  if (typeof plugin.core !== 'string' || plugin.core === '') fail('core must be a semver range');
  if (typeof plugin.settingsSchema?.safeParse !== 'function') fail('settingsSchema must be a zod schema');
  if (typeof plugin.create !== 'function') fail('create must be a function');
  return Object.freeze({ ...plugin, kind: 'provider' as const });
}
