import { MockAgent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineApiPlugin } from '../converter/api-plugin.js';
import { ConfigError } from '../errors/config-error.js';
import { NoSuchModelError } from '../errors/no-such-model-error.js';
import { PluginError } from '../errors/plugin-error.js';
import type { ChatModel, Provider } from '../provider/provider.js';
import { defineProviderPlugin } from '../provider/provider-plugin.js';
import { createRegistry } from './registry.js';

const dispatcher = new MockAgent();
dispatcher.disableNetConnect();
afterAll(() => dispatcher.close());
const logger = { debug() {}, info() {}, warn() {}, error() {} };

function fakeChatModel(providerId: string, modelId: string): ChatModel {
  return {
    specVersion: 1,
    providerId,
    modelId,
    generate: async () => {
      throw new Error('unused');
    },
    stream: async () => {
      throw new Error('unused');
    },
  };
}

const closed: string[] = [];
const echoPlugin = defineProviderPlugin({
  name: 'modelmux-provider-echo',
  type: 'echo',
  core: '^1.0.0',
  settingsSchema: z.strictObject({ base_url: z.url(), models: z.array(z.string()).default([]) }),
  create(settings, deps): Provider {
    return {
      specVersion: 1,
      id: deps.id,
      chatModel: (modelId) => fakeChatModel(deps.id, modelId),
      listModels: () => settings.models,
      close: async () => {
        closed.push(deps.id);
      },
    };
  },
});

function registry() {
  const created = createRegistry({ deps: { dispatcher, logger } });
  created.addPlugin(echoPlugin as never);
  return created;
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('createRegistry', () => {
  it('rejects a second plugin with the same name or the same type', () => {
    const target = registry();
    const duplicateName = catchError(() => target.addPlugin(echoPlugin as never));
    expect(PluginError.isInstance(duplicateName) && duplicateName.code).toBe('MMX_PLUGIN_DUPLICATE');
    const sameType = defineProviderPlugin({ ...echoPlugin, name: 'other-echo' });
    expect(catchError(() => target.addPlugin(sameType as never))).toMatchObject({
      code: 'MMX_PLUGIN_DUPLICATE',
    });
  });

  it('rejects a plugin whose core range excludes this spec version, or is not a range', () => {
    const target = registry();
    const future = defineProviderPlugin({ ...echoPlugin, name: 'future', type: 'future', core: '^2.0.0' });
    expect(catchError(() => target.addPlugin(future as never))).toMatchObject({
      code: 'MMX_PLUGIN_INCOMPATIBLE',
    });
    const garbage = defineProviderPlugin({
      ...echoPlugin,
      name: 'garbage',
      type: 'garbage',
      core: 'whenever',
    });
    expect(catchError(() => target.addPlugin(garbage as never))).toMatchObject({
      code: 'MMX_PLUGIN_MALFORMED',
    });
  });

  it('rejects malformed plugins when they are defined', () => {
    expect(catchError(() => defineProviderPlugin({ ...echoPlugin, type: 'Not Kebab' }))).toMatchObject({
      code: 'MMX_PLUGIN_MALFORMED',
    });
    expect(catchError(() => defineApiPlugin({ name: 'x', core: '^1.0.0', routes: [] }))).toMatchObject({
      code: 'MMX_PLUGIN_MALFORMED',
    });
    expect(catchError(() => registry().addPlugin({ name: 'raw' } as never))).toMatchObject({
      code: 'MMX_PLUGIN_MALFORMED',
    });
  });

  it('fails with a ConfigError naming the exact settings path', () => {
    const error = catchError(() =>
      registry().configure({
        instances: [{ id: 'local', type: 'echo', settings: { base_url: 'not a url' } }],
      }),
    );
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).issues).toEqual([
      { path: 'providers.local.base_url', message: expect.any(String) },
    ]);
    expect((error as ConfigError).message).toContain('providers.local.base_url');
  });

  it('names unknown keys and unknown types', () => {
    const unknownKey = catchError(() =>
      registry().configure({
        instances: [{ id: 'a', type: 'echo', settings: { base_url: 'http://x.test', bogus: 1 } }],
      }),
    ) as ConfigError;
    expect(unknownKey.issues[0]?.path).toBe('providers.a');
    expect(unknownKey.message).toContain('bogus');
    expect(
      catchError(() => registry().configure({ instances: [{ id: 'a', type: 'vertexx', settings: {} }] })),
    ).toMatchObject({ code: 'MMX_PLUGIN_UNKNOWN_TYPE', message: expect.stringContaining('vertexx') });
  });

  it('checks alias targets at boot', () => {
    const error = catchError(() =>
      registry().configure({
        instances: [{ id: 'a', type: 'echo', settings: { base_url: 'http://x.test' } }],
        aliases: { fast: { targets: ['a:m1', 'nowhere:m2', 'bare'] } },
      }),
    ) as ConfigError;
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'models.fast.targets[1]',
      'models.fast.targets[2]',
    ]);
  });

  it('resolves instance:model references and aliases, keeping every alias target in order', () => {
    const target = registry();
    target.configure({
      instances: [
        { id: 'a', type: 'echo', settings: { base_url: 'http://a.test', models: ['m1'] } },
        { id: 'b', type: 'echo', settings: { base_url: 'http://b.test' } },
      ],
      aliases: { fast: { targets: ['a:m1', 'b:anthropic.claude-v1:0'] } },
    });
    expect(target.chatModel('a:some/model:tag')).toMatchObject({
      providerId: 'a',
      modelId: 'some/model:tag',
    });
    expect(target.chatModels('fast').map((model) => `${model.providerId}/${model.modelId}`)).toEqual([
      'a/m1',
      'b/anthropic.claude-v1:0',
    ]);
    expect(target.chatModel('a:m1')).toBe(target.chatModel('a:m1'));
    expect(target.listModels().map((model) => model.id)).toEqual(['fast', 'a:m1']);
    for (const reference of ['nope', 'c:m', 'a:', ':m']) {
      const error = catchError(() => target.chatModel(reference));
      expect(NoSuchModelError.isInstance(error) && error.code).toBe('MMX_MODEL_NOT_FOUND');
    }
    expect(catchError(() => target.embeddingModel('a:m1'))).toMatchObject({
      code: 'MMX_MODEL_KIND_UNSUPPORTED',
    });
  });

  it('closes every provider once, however often close() is called', async () => {
    closed.length = 0;
    const target = registry();
    target.configure({
      instances: [
        { id: 'a', type: 'echo', settings: { base_url: 'http://a.test' } },
        { id: 'b', type: 'echo', settings: { base_url: 'http://b.test' } },
      ],
    });
    await Promise.all([target.close(), target.close()]);
    expect(closed.sort()).toEqual(['a', 'b']);
  });
});
