import {
  type CallContext,
  defineProviderPlugin,
  type EmbeddingModel,
  type EmbedRequest,
  type EmbedResult,
  NoSuchModelError,
  type ProviderPlugin,
} from '@modelmux/core';
import { z } from 'zod';
import { MockChatModel, type MockChatModelScript } from './mock-chat-model.js';

/** What a fake embedding model answers for a request. */
export type FakeEmbed = (request: EmbedRequest, context: CallContext) => EmbedResult | Promise<EmbedResult>;

/**
 * A provider plugin backed by mock models, for gateway tests. Models are created per instance from the scripts;
 * `models` exposes them (keyed `instance:model`) so tests can read what each received.
 */
export function createFakeProviderPlugin(options: {
  type?: string;
  name?: string;
  core?: string;
  scripts: Record<string, MockChatModelScript>;
  /** Embedding models by id: what each answers (or throws) for a request. */
  embeddings?: Record<string, FakeEmbed>;
}): ProviderPlugin<{ label?: string }> & {
  models: Map<string, MockChatModel>;
  /** Every embedding request, keyed `instance:model`, in arrival order. */
  embedRequests: Map<string, EmbedRequest[]>;
} {
  const models = new Map<string, MockChatModel>();
  const embedRequests = new Map<string, EmbedRequest[]>();
  const plugin = defineProviderPlugin({
    name: options.name ?? 'modelmux-provider-fake',
    type: options.type ?? 'fake',
    core: options.core ?? '^1.0.0',
    settingsSchema: z.strictObject({ label: z.string().optional() }),
    create: (_settings, deps) => ({
      specVersion: 1,
      id: deps.id,
      listModels: () => [...Object.keys(options.scripts), ...Object.keys(options.embeddings ?? {})],
      embeddingModel(modelId): EmbeddingModel {
        const answer = options.embeddings?.[modelId];
        if (answer === undefined)
          throw new NoSuchModelError({
            modelReference: `${deps.id}:${modelId}`,
            code: 'MMX_MODEL_KIND_UNSUPPORTED',
          });
        const key = `${deps.id}:${modelId}`;
        return {
          specVersion: 1,
          providerId: deps.id,
          modelId,
          embed: async (request, context) => {
            const seen = embedRequests.get(key) ?? [];
            seen.push(request);
            embedRequests.set(key, seen);
            return answer(request, context);
          },
        };
      },
      chatModel(modelId) {
        const script = options.scripts[modelId];
        if (script === undefined) throw new NoSuchModelError({ modelReference: `${deps.id}:${modelId}` });
        const model = new MockChatModel(deps.id, modelId, script);
        models.set(`${deps.id}:${modelId}`, model);
        return model;
      },
    }),
  });
  return { ...plugin, models, embedRequests };
}
