import { defineProviderPlugin, NoSuchModelError, type ProviderPlugin } from '@modelmux/core';
import { z } from 'zod';
import { MockChatModel, type MockChatModelScript } from './mock-chat-model.js';

/**
 * A provider plugin backed by mock models, for gateway tests. Models are created per instance from the scripts;
 * `models` exposes them (keyed `instance:model`) so tests can read what each received.
 */
export function createFakeProviderPlugin(options: {
  type?: string;
  name?: string;
  core?: string;
  scripts: Record<string, MockChatModelScript>;
}): ProviderPlugin<{ label?: string }> & { models: Map<string, MockChatModel> } {
  const models = new Map<string, MockChatModel>();
  const plugin = defineProviderPlugin({
    name: options.name ?? 'modelmux-provider-fake',
    type: options.type ?? 'fake',
    core: options.core ?? '^1.0.0',
    settingsSchema: z.strictObject({ label: z.string().optional() }),
    create: (_settings, deps) => ({
      specVersion: 1,
      id: deps.id,
      listModels: () => Object.keys(options.scripts),
      chatModel(modelId) {
        const script = options.scripts[modelId];
        if (script === undefined) throw new NoSuchModelError({ modelReference: `${deps.id}:${modelId}` });
        const model = new MockChatModel(deps.id, modelId, script);
        models.set(`${deps.id}:${modelId}`, model);
        return model;
      },
    }),
  });
  return { ...plugin, models };
}
