import { MockAgent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NoSuchModelError } from '../errors/no-such-model-error.js';
import type { PassthroughModel, Provider } from '../provider/provider.js';
import { defineProviderPlugin } from '../provider/provider-plugin.js';
import { createRegistry } from './registry.js';

const dispatcher = new MockAgent();
afterAll(() => dispatcher.close());
const logger = { debug() {}, info() {}, warn() {}, error() {} };

let made = 0;
const plugin = defineProviderPlugin({
  name: 'modelmux-provider-native',
  type: 'native',
  core: '^1.0.0',
  settingsSchema: z.strictObject({ passthrough: z.boolean() }),
  create(settings, deps): Provider {
    return {
      specVersion: 1,
      id: deps.id,
      passthroughModel(modelId) {
        made++;
        if (!settings.passthrough)
          throw new NoSuchModelError({
            modelReference: `${deps.id}:${modelId}`,
            code: 'MMX_MODEL_KIND_UNSUPPORTED',
          });
        return {
          specVersion: 1,
          providerId: deps.id,
          modelId,
          forward: async () => ({}) as never,
        } satisfies PassthroughModel;
      },
    };
  },
});

function registry() {
  const created = createRegistry({ deps: { dispatcher, logger } });
  created.addPlugin(plugin as never);
  created.configure({
    instances: [
      { id: 'on', type: 'native', settings: { passthrough: true } },
      { id: 'off', type: 'native', settings: { passthrough: false } },
    ],
    aliases: { smart: { targets: ['on:gpt-x', 'off:gpt-x'] } },
  } as never);
  return created;
}

describe('findPassthroughModel', () => {
  it('gives the first target’s pass-through model, once per reference', () => {
    const models = registry();
    made = 0;
    const model = models.findPassthroughModel('smart', 'responses');
    expect(model).toMatchObject({ providerId: 'on', modelId: 'gpt-x' });
    expect(models.findPassthroughModel('smart', 'responses')).toBe(model);
    expect(made).toBe(1);
  });

  it('is undefined (translate instead) when the instance does not pass the API through, and remembers that', () => {
    const models = registry();
    made = 0;
    expect(models.findPassthroughModel('off:gpt-x', 'responses')).toBeUndefined();
    expect(models.findPassthroughModel('off:gpt-x', 'responses')).toBeUndefined();
    expect(made).toBe(1);
  });

  it('throws NoSuchModelError for an unknown reference', () => {
    expect(() => registry().findPassthroughModel('ghost:m', 'responses')).toThrow(
      expect.objectContaining({ code: 'MMX_MODEL_NOT_FOUND' }),
    );
  });
});
