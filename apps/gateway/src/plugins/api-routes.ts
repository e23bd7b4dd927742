import type { ApiPlugin, EncodedError, ModelmuxError, RouteSpec } from '@modelmux/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toModelmuxError } from '../to-modelmux-error.js';
import { createChatRouteHandler } from './chat-route-handler.js';
import { createEmbedRouteHandler } from './embed-route-handler.js';
import { createKeptReplyHandler } from './kept-reply-handler.js';

type EncodeError = (error: ModelmuxError) => EncodedError;

/** Sends an error in the route's client API format; a client that already went away is only logged. */
export function createErrorHandler(encodeError: EncodeError) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const failure = toModelmuxError(error);
    if (failure === undefined) {
      request.log.info({ outcome: 'client-closed' }, 'the client closed the connection before the reply');
      if (request.modelmuxCall) request.modelmuxCall.outcome = 'client-closed';
      return reply.code(499).send();
    }
    if (request.modelmuxCall) request.modelmuxCall.outcome = failure.code;
    if (failure.httpStatus >= 500) request.log.error({ err: failure }, failure.message);
    else request.log.info({ code: failure.code }, failure.message);
    const encoded = encodeError(failure);
    if (encoded.headers) reply.headers(encoded.headers);
    return reply.code(encoded.status).send(encoded.body);
  };
}

/** Mounts every route of every API plugin; the only place API plugins meet Fastify. */
export async function apiRoutes(
  app: FastifyInstance,
  options: { apiPlugins: readonly ApiPlugin[]; sseKeepAliveMs?: number },
): Promise<void> {
  for (const plugin of options.apiPlugins) {
    for (const route of plugin.routes) mountRoute(app, route, options.sseKeepAliveMs ?? 0);
  }
}

function mountRoute(app: FastifyInstance, route: RouteSpec, sseKeepAliveMs: number): void {
  if (route.operation === 'list-models') {
    app.get(route.path, async () => route.encodeModels(app.modelmux.listModels()));
    return;
  }
  if (route.operation === 'chat') {
    app.post(route.path, {
      ...(route.bodyLimit === undefined ? {} : { bodyLimit: route.bodyLimit }),
      errorHandler: createErrorHandler(route.converter.encodeError),
      handler: createChatRouteHandler(app, route.converter, {
        stored: route.stored,
        passthroughApi: route.passthroughApi,
        sseKeepAliveMs,
      }),
    });
    return;
  }
  if (route.operation === 'embed') {
    app.post(route.path, {
      ...(route.bodyLimit === undefined ? {} : { bodyLimit: route.bodyLimit }),
      errorHandler: createErrorHandler(route.converter.encodeError),
      handler: createEmbedRouteHandler(app, route.converter),
    });
    return;
  }
  app.route({
    method: route.method,
    url: route.path,
    errorHandler: createErrorHandler(route.converter.encodeError),
    handler: createKeptReplyHandler(app, route.operation, route.stored),
  });
}
