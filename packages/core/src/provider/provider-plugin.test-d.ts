import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { ChatModel, Provider } from './provider.js';
import type { ProviderDeps } from './provider-deps.js';
import { defineProviderPlugin, type ProviderPlugin } from './provider-plugin.js';

describe('defineProviderPlugin', () => {
  it('infers the settings type from the zod schema and hands it to create()', () => {
    const plugin = defineProviderPlugin({
      name: 'modelmux-provider-typed',
      type: 'typed',
      core: '^1.0.0',
      settingsSchema: z.strictObject({ base_url: z.url(), retries: z.int().default(2) }),
      create(settings, deps) {
        expectTypeOf(settings).toEqualTypeOf<{ base_url: string; retries: number }>();
        expectTypeOf(deps).toEqualTypeOf<ProviderDeps & { id: string }>();
        return { specVersion: 1, id: deps.id };
      },
    });
    expectTypeOf(plugin).toEqualTypeOf<ProviderPlugin<{ base_url: string; retries: number }>>();
    expectTypeOf(plugin.kind).toEqualTypeOf<'provider'>();
  });

  it('requires create() to return a Provider', () => {
    expectTypeOf<ReturnType<ProviderPlugin<unknown>['create']>>().toEqualTypeOf<Provider>();
    expectTypeOf<NonNullable<Provider['chatModel']>>().returns.toEqualTypeOf<ChatModel>();
  });
});
