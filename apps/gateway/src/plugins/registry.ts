import { type ApiPlugin, createRegistry, type ProviderPlugin } from '@modelmux/core';
import fp from 'fastify-plugin';
import type { GatewayConfig } from '../config/gateway-config-schema.js';

export interface RegistryPluginOptions {
  config: GatewayConfig;
  providerPlugins: ReadonlyArray<ProviderPlugin<never>>;
  apiPlugins: readonly ApiPlugin[];
  env: Readonly<Record<string, string | undefined>>;
}

/** Builds the registry at boot — an invalid config or plugin fails `ready()` — and closes providers on shutdown. */
export const registryPlugin = fp<RegistryPluginOptions>(
  async (app, options) => {
    const registry = createRegistry({
      deps: { dispatcher: app.modelmuxDispatcher, logger: app.log, env: options.env },
    });
    for (const plugin of options.providerPlugins) registry.addPlugin(plugin as ProviderPlugin<unknown>);
    for (const plugin of options.apiPlugins) registry.addPlugin(plugin);
    const { providers, models } = options.config;
    registry.configure({
      instances: Object.entries(providers).map(([id, { type, ...settings }]) => ({ id, type, settings })),
      aliases: models,
    });
    app.decorate('modelmux', registry);
    app.addHook('onClose', async () => registry.close());
  },
  { name: '@modelmux/gateway-registry', fastify: '5.x', dependencies: ['@modelmux/gateway-http-dispatcher'] },
);
