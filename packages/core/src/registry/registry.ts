import type { z } from 'zod';
import type { ApiPlugin, ModelListing, RouteSpec } from '../converter/api-plugin.js';
import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import { ModelmuxError } from '../errors/modelmux-error.js';
import { NoSuchModelError } from '../errors/no-such-model-error.js';
import { PluginError } from '../errors/plugin-error.js';
import type {
  ChatModel,
  EmbeddingModel,
  PassthroughApi,
  PassthroughModel,
  Provider,
} from '../provider/provider.js';
import type { ProviderDeps } from '../provider/provider-deps.js';
import type { ProviderPlugin } from '../provider/provider-plugin.js';
import { checkPluginCompatibility } from './check-plugin-compatibility.js';
import { type ModelTarget, parseModelReference } from './parse-model-reference.js';

export interface InstanceConfig {
  id: string;
  type: string;
  settings: unknown;
  /** Where this instance sits in the user's config, for error paths (default `providers.<id>`). */
  path?: string;
}

export interface AliasConfig {
  /** `instance:model` references, in the order a call policy should try them. */
  targets: string[];
  weights?: number[];
}

export interface RegistryConfig {
  instances: InstanceConfig[];
  aliases?: Record<string, AliasConfig>;
}

/** A reference resolved to the targets that can serve it, in configured order. */
export interface ResolvedModel {
  reference: string;
  alias?: string;
  targets: ModelTarget[];
  weights?: number[];
}

export interface Registry {
  addPlugin(plugin: ProviderPlugin<unknown> | ApiPlugin): void;
  configure(config: RegistryConfig): void;
  resolve(reference: string): ResolvedModel;
  /** Chat models for every target of `reference`, in order. */
  chatModels(reference: string): ChatModel[];
  chatModel(reference: string): ChatModel;
  embeddingModels(reference: string): EmbeddingModel[];
  embeddingModel(reference: string): EmbeddingModel;
  /**
   * The pass-through model for `api` of the first target of `reference`, or undefined when that instance does not
   * pass the API through (then the request is translated). Throws `NoSuchModelError` for an unknown reference.
   */
  findPassthroughModel(reference: string, api: PassthroughApi): PassthroughModel | undefined;
  listModels(): ModelListing[];
  apiRoutes(): RouteSpec[];
  apiPlugins(): ApiPlugin[];
  close(): Promise<void>;
}

export interface CreateRegistryOptions {
  deps: Omit<ProviderDeps, 'env' | 'now'> & { env?: ProviderDeps['env']; now?: () => number };
}

const MODEL_CACHE_LIMIT = 1024;

function formatZodPath(base: string, path: ReadonlyArray<PropertyKey>): string {
  let result = base;
  for (const key of path) result += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return result;
}

/** Holds plugins and the provider instances built from config, and resolves model references. */
export function createRegistry(options: CreateRegistryOptions): Registry {
  const deps: ProviderDeps = {
    dispatcher: options.deps.dispatcher,
    logger: options.deps.logger,
    now: options.deps.now ?? Date.now,
    env: options.deps.env ?? {},
  };
  const pluginsByName = new Map<string, ProviderPlugin<unknown> | ApiPlugin>();
  const providerPluginsByType = new Map<string, ProviderPlugin<unknown>>();
  const apis: ApiPlugin[] = [];
  const providers = new Map<string, Provider>();
  const aliases = new Map<string, ResolvedModel>();
  const chatModelCache = new Map<string, ChatModel>();
  const embeddingModelCache = new Map<string, EmbeddingModel>();
  /** Per `api:reference`: the pass-through model, or null when the instance translates instead. */
  const passthroughCache = new Map<string, PassthroughModel | null>();
  let configured = false;
  let closed: Promise<void> | undefined;

  function addPlugin(plugin: ProviderPlugin<unknown> | ApiPlugin): void {
    if (
      plugin === null ||
      typeof plugin !== 'object' ||
      (plugin.kind !== 'provider' && plugin.kind !== 'api')
    ) {
      throw new PluginError({
        code: 'MMX_PLUGIN_MALFORMED',
        message: 'A plugin must be created with defineProviderPlugin() or defineApiPlugin().',
      });
    }
    if (pluginsByName.has(plugin.name)) {
      throw new PluginError({
        code: 'MMX_PLUGIN_DUPLICATE',
        message: `Plugin ${plugin.name} is registered twice.`,
        pluginName: plugin.name,
      });
    }
    checkPluginCompatibility(plugin);
    if (plugin.kind === 'provider') {
      const existing = providerPluginsByType.get(plugin.type);
      if (existing !== undefined) {
        throw new PluginError({
          code: 'MMX_PLUGIN_DUPLICATE',
          message: `Plugins ${existing.name} and ${plugin.name} both provide type '${plugin.type}'.`,
          pluginName: plugin.name,
        });
      }
      providerPluginsByType.set(plugin.type, plugin);
    } else {
      apis.push(plugin);
    }
    pluginsByName.set(plugin.name, plugin);
  }

  function configure(config: RegistryConfig): void {
    if (configured)
      throw new ConfigError({ issues: [{ path: '(registry)', message: 'already configured' }] });
    const issues: ConfigIssue[] = [];
    const built: Array<[string, Provider]> = [];
    for (const instance of config.instances) {
      const path = instance.path ?? `providers.${instance.id}`;
      const plugin = providerPluginsByType.get(instance.type);
      if (plugin === undefined) {
        const known = [...providerPluginsByType.keys()].join(', ') || 'none';
        throw new PluginError({
          code: 'MMX_PLUGIN_UNKNOWN_TYPE',
          message: `${path}.type: no installed plugin provides type '${instance.type}' (installed: ${known}).`,
        });
      }
      const parsed = (plugin.settingsSchema as z.ZodType<unknown>).safeParse(instance.settings);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          issues.push({ path: formatZodPath(path, issue.path), message: issue.message });
        continue;
      }
      try {
        built.push([instance.id, plugin.create(parsed.data, { ...deps, id: instance.id })]);
      } catch (error) {
        if (ConfigError.isInstance(error)) {
          for (const issue of error.issues) {
            issues.push({
              path: issue.path.startsWith(path) ? issue.path : `${path}.${issue.path}`,
              message: issue.message,
            });
          }
          continue;
        }
        throw error;
      }
    }
    for (const [name, alias] of Object.entries(config.aliases ?? {})) {
      const targets: ModelTarget[] = [];
      alias.targets.forEach((reference, index) => {
        const target = parseModelReference(reference);
        const where = `models.${name}.targets[${index}]`;
        if (target === undefined)
          issues.push({ path: where, message: `'${reference}' is not of the form instance:model` });
        else if (!config.instances.some((instance) => instance.id === target.instanceId)) {
          issues.push({ path: where, message: `no provider instance '${target.instanceId}' is configured` });
        } else targets.push(target);
      });
      if (alias.targets.length === 0)
        issues.push({ path: `models.${name}.targets`, message: 'needs at least one target' });
      if (alias.weights !== undefined && alias.weights.length !== alias.targets.length) {
        issues.push({ path: `models.${name}.weights`, message: 'needs one weight per target' });
      }
      const resolved: ResolvedModel = { reference: name, alias: name, targets };
      if (alias.weights !== undefined) resolved.weights = alias.weights;
      aliases.set(name, resolved);
    }
    if (issues.length > 0) {
      void Promise.allSettled(built.map(([, provider]) => provider.close?.()));
      throw new ConfigError({ issues });
    }
    for (const [id, provider] of built) providers.set(id, provider);
    configured = true;
  }

  function resolve(reference: string): ResolvedModel {
    const alias = aliases.get(reference);
    if (alias !== undefined) return alias;
    const target = parseModelReference(reference);
    if (target === undefined || !providers.has(target.instanceId)) {
      throw new NoSuchModelError({
        modelReference: reference,
        message: `The model '${reference}' does not exist. Use a configured alias or '<provider instance>:<model id>'.`,
      });
    }
    return { reference, targets: [target] };
  }

  function modelFor<M>(
    target: ModelTarget,
    cache: Map<string, M>,
    kind: 'chat' | 'embedding',
    make: (provider: Provider) => ((modelId: string) => M) | undefined,
  ): M {
    const key = target.reference;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const provider = providers.get(target.instanceId);
    const factory = provider === undefined ? undefined : make(provider);
    if (factory === undefined) {
      throw new NoSuchModelError({
        modelReference: key,
        code: provider === undefined ? 'MMX_MODEL_NOT_FOUND' : 'MMX_MODEL_KIND_UNSUPPORTED',
        message:
          provider === undefined
            ? `The model '${key}' does not exist.`
            : `Provider instance '${target.instanceId}' has no ${kind} models.`,
      });
    }
    const model = factory(target.modelId);
    if (cache.size >= MODEL_CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, model);
    return model;
  }

  const chatFactory = (provider: Provider) => provider.chatModel?.bind(provider);
  const embeddingFactory = (provider: Provider) => provider.embeddingModel?.bind(provider);

  function chatModels(reference: string): ChatModel[] {
    return resolve(reference).targets.map((target) => modelFor(target, chatModelCache, 'chat', chatFactory));
  }

  function embeddingModels(reference: string): EmbeddingModel[] {
    return resolve(reference).targets.map((target) =>
      modelFor(target, embeddingModelCache, 'embedding', embeddingFactory),
    );
  }

  function firstTarget(reference: string): ModelTarget {
    const target = resolve(reference).targets[0];
    if (target === undefined) throw new NoSuchModelError({ modelReference: reference });
    return target;
  }

  function findPassthroughModel(reference: string, api: PassthroughApi): PassthroughModel | undefined {
    const key = `${api}:${reference}`;
    const cached = passthroughCache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const target = firstTarget(reference);
    const provider = providers.get(target.instanceId);
    let model: PassthroughModel | null = null;
    if (provider?.passthroughModel !== undefined) {
      try {
        model = provider.passthroughModel(target.modelId, api);
      } catch (error) {
        if (!NoSuchModelError.isInstance(error)) throw error;
      }
    }
    if (passthroughCache.size >= MODEL_CACHE_LIMIT)
      passthroughCache.delete(passthroughCache.keys().next().value as string);
    passthroughCache.set(key, model);
    return model ?? undefined;
  }

  function listModels(): ModelListing[] {
    const createdAt = 0;
    const listings: ModelListing[] = [];
    for (const name of aliases.keys()) listings.push({ id: name, ownedBy: 'modelmux', createdAt });
    for (const [id, provider] of providers) {
      for (const modelId of provider.listModels?.() ?? []) {
        listings.push({ id: `${id}:${modelId}`, ownedBy: id, createdAt });
      }
    }
    return listings;
  }

  return {
    addPlugin,
    configure,
    resolve,
    chatModels,
    chatModel: (reference) => modelFor(firstTarget(reference), chatModelCache, 'chat', chatFactory),
    embeddingModels,
    embeddingModel: (reference) =>
      modelFor(firstTarget(reference), embeddingModelCache, 'embedding', embeddingFactory),
    findPassthroughModel,
    listModels,
    apiRoutes: () => apis.flatMap((api) => api.routes),
    apiPlugins: () => [...apis],
    close() {
      closed ??= Promise.allSettled([...providers.values()].map((provider) => provider.close?.())).then(
        (results) => {
          const failure = results.find((result) => result.status === 'rejected');
          if (
            failure !== undefined &&
            failure.status === 'rejected' &&
            !ModelmuxError.isInstance(failure.reason)
          ) {
            deps.logger.warn({ err: failure.reason }, 'a provider failed to close');
          }
        },
      );
      return closed;
    },
  };
}
