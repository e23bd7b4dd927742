import { PluginError } from '../errors/plugin-error.js';
import type { PassthroughApi } from '../provider/provider.js';
import type { ChatConverter, EmbedConverter } from './converter.js';
import type { StoredReplies } from './stored-replies.js';

export type RouteSpec =
  | {
      method: 'POST';
      path: string;
      operation: 'chat';
      converter: ChatConverter;
      bodyLimit?: number;
      /** For APIs that keep replies: the gateway stores them and continues chains through these hooks. */
      stored?: StoredReplies;
      /** Forward the request as it is to targets whose upstream speaks this API natively (and say so in config). */
      passthroughApi?: PassthroughApi;
    }
  | {
      /** `GET {path}` with `:id`: a stored reply; `DELETE`: removes it; `input-items`: its input items, paged. */
      method: 'GET' | 'DELETE';
      path: string;
      operation: 'stored-get' | 'stored-delete' | 'stored-input-items';
      stored: StoredReplies;
      converter: ChatConverter;
    }
  | { method: 'POST'; path: string; operation: 'embed'; converter: EmbedConverter; bodyLimit?: number }
  | {
      method: 'GET';
      path: string;
      operation: 'list-models';
      encodeModels: (models: ModelListing[]) => unknown;
    };

/** A model the gateway can serve, as listed to clients. */
export interface ModelListing {
  /** What a client sends as `model`: an alias or `instance:model`. */
  id: string;
  /** The provider instance (or `alias` for aliases). */
  ownedBy: string;
  createdAt: number;
}

export interface ApiPlugin {
  readonly kind: 'api';
  readonly name: string;
  readonly core: string;
  readonly routes: readonly RouteSpec[];
}

/** Checks the plugin's shape and freezes it. */
export function defineApiPlugin(plugin: Omit<ApiPlugin, 'kind'>): ApiPlugin {
  const name = typeof plugin?.name === 'string' ? plugin.name : '(unnamed)';
  const fail = (reason: string): never => {
    throw new PluginError({
      code: 'MMX_PLUGIN_MALFORMED',
      message: `API plugin ${name}: ${reason}`,
      pluginName: name,
    });
  };
  if (typeof plugin?.name !== 'string' || plugin.name === '') fail('name must be a non-empty string');
  if (typeof plugin.core !== 'string' || plugin.core === '') fail('core must be a semver range');
  if (!Array.isArray(plugin.routes) || plugin.routes.length === 0) fail('routes must be a non-empty array');
  for (const route of plugin.routes) {
    if (typeof route.path !== 'string' || !route.path.startsWith('/'))
      fail('every route needs an absolute path');
  }
  return Object.freeze({ ...plugin, routes: Object.freeze([...plugin.routes]), kind: 'api' as const });
}
