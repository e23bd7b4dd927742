import { type ApiPlugin, createRegistry, type ProviderPlugin } from '@modelmux/core';
import fp from 'fastify-plugin';
import type { GatewayConfig } from '../config/gateway-config-schema.js';
import { loadProviderPlugins } from '../load-provider-plugins.js';

export interface RegistryPluginOptions {
  config: GatewayConfig;
  providerPlugins: ReadonlyArray<ProviderPlugin<never>>;
  apiPlugins: readonly ApiPlugin[];
  env: Readonly<Record<string, string | undefined>>;
  /** Directories provider plugin packages named in config are resolved from, before the gateway's own. */
  pluginSearchDirectories: readonly string[];
}

/** Builds the registry at boot — an invalid config or plugin fails `ready()` — and closes providers on shutdown. */
export const registryPlugin = fp<RegistryPluginOptions>(
  async (app, options) => {
    const { providers, models } = options.config;
    const instances = Object.entries(providers).map(([id, { type, ...settings }]) => ({
      id,
      type,
      settings,
    }));
    const packages = await loadProviderPlugins({
      instances,
      plugins: options.providerPlugins,
      searchDirectories: options.pluginSearchDirectories,
    });
    const registry = createRegistry({
      deps: { dispatcher: app.modelmuxDispatcher, logger: app.log, env: options.env },
    });
    for (const plugin of options.providerPlugins) registry.addPlugin(plugin as ProviderPlugin<unknown>);
    for (const { packageName, url, plugin } of packages.loaded) {
      registry.addPlugin(plugin);
      app.log.info({ package: packageName, url, type: plugin.type }, 'loaded a provider plugin package');
    }
    for (const plugin of options.apiPlugins) registry.addPlugin(plugin);
    registry.configure({
      instances: instances.map((instance) => ({
        ...instance,
        type: packages.typeOf.get(instance.type) ?? instance.type,
      })),
      aliases: models,
    });
    app.decorate('modelmux', registry);
    app.addHook('onClose', async () => registry.close());
  },
  { name: '@modelmux/gateway-registry', fastify: '5.x', dependencies: ['@modelmux/gateway-http-dispatcher'] },
);
