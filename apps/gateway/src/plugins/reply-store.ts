import type { ReplyStore } from '@modelmux/core';
import fp from 'fastify-plugin';
import type { ResponsesConfig } from '../config/gateway-config-schema.js';
import { createResponseStore } from '../state/create-response-store.js';

/** The store of kept replies, opened on first use (a gateway that never serves the Responses API never opens it). */
export interface ReplyStoreAccess {
  /** The store, or undefined when `[responses] store = "none"`; throws `StoreError` when it cannot be opened. */
  store(): ReplyStore | undefined;
  /** How long kept replies live. */
  retentionSeconds: number;
}

/**
 * Decorates `modelmuxReplies`. The store is the injected one, or the one `[responses]` names, created lazily and
 * closed with the app when this plugin created it.
 */
export const replyStorePlugin = fp<{ config: ResponsesConfig; store?: ReplyStore }>(
  async (app, options) => {
    let created: ReplyStore | undefined;
    let opened = false;
    const access: ReplyStoreAccess = {
      retentionSeconds: options.config.retention_seconds,
      store() {
        if (options.store !== undefined) return options.store;
        if (!opened) {
          created = createResponseStore(options.config, {
            onBackgroundError: (error) =>
              app.log.error({ err: error }, 'the response store reported a problem'),
          });
          opened = true;
        }
        return created;
      },
    };
    app.decorate('modelmuxReplies', access);
    app.addHook('onClose', async () => {
      await created?.close();
    });
  },
  { name: '@modelmux/gateway-reply-store', fastify: '5.x' },
);
