import fp from 'fastify-plugin';
import { Agent, type Dispatcher } from 'undici';
import type { GatewayConfig } from '../config/gateway-config-schema.js';

/**
 * Decorates `modelmuxDispatcher`: the injected dispatcher, or one keep-alive undici Agent built from the
 * `[upstream]` timeouts. It closes only an Agent it created.
 */
export const httpDispatcherPlugin = fp<{ upstream: GatewayConfig['upstream']; dispatcher?: Dispatcher }>(
  async (app, options) => {
    const owned =
      options.dispatcher === undefined
        ? new Agent({
            connect: { timeout: options.upstream.connect_timeout_ms },
            headersTimeout: options.upstream.headers_timeout_ms,
            bodyTimeout: options.upstream.body_timeout_ms,
            keepAliveTimeout: options.upstream.keep_alive_timeout_ms,
            ...(options.upstream.connections === undefined
              ? {}
              : { connections: options.upstream.connections }),
          })
        : undefined;
    app.decorate('modelmuxDispatcher', options.dispatcher ?? (owned as Agent));
    if (owned !== undefined) app.addHook('onClose', async () => owned.close());
  },
  { name: '@modelmux/gateway-http-dispatcher', fastify: '5.x' },
);
