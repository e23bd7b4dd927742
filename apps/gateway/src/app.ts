import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import cors from '@fastify/cors';
import { type ApiPlugin, NoSuchModelError, type ProviderPlugin, type ReplyStore } from '@modelmux/core';
import { SECRET_HEADERS } from '@modelmux/core/http';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Dispatcher } from 'undici';
import { clientErrorHandler } from './client-error-handler.js';
import type { GatewayConfig } from './config/gateway-config-schema.js';
import { encodeGatewayError } from './encode-gateway-error.js';
import { installedApiPlugins, installedProviderPlugins } from './installed-plugins.js';
import { LOG_SERIALIZERS } from './logging/log-serializers.js';
import { redactRequestUrl } from './logging/redact-request-url.js';
import { apiRoutes, createErrorHandler } from './plugins/api-routes.js';
import { type CallPolicyPluginOptions, callPolicyPlugin } from './plugins/call-policy.js';
import { requireGatewayKeys } from './plugins/gateway-keys.js';
import { httpDispatcherPlugin } from './plugins/http-dispatcher.js';
import { metricsPlugin } from './plugins/metrics.js';
import { registryPlugin } from './plugins/registry.js';
import { replyStorePlugin } from './plugins/reply-store.js';
import { tracingPlugin } from './plugins/tracing.js';
import { healthRoutes } from './routes/health.js';
import './types/fastify-augment.js';

export interface BuildAppOptions {
  config: GatewayConfig;
  providerPlugins?: ReadonlyArray<ProviderPlugin<never>>;
  apiPlugins?: readonly ApiPlugin[];
  /** Upstream dispatcher; by default one keep-alive Agent built from `[upstream]`, closed with the app. */
  dispatcher?: Dispatcher;
  /** Environment for `{ env = "…" }` secrets; defaults to an empty one (pass `process.env` from the entry point). */
  env?: Readonly<Record<string, string | undefined>>;
  /** `false` turns logging off; by default JSON lines at the configured level, credentials redacted. */
  logger?: false;
  /** Where the JSON log lines go (default stdout). */
  logStream?: { write(line: string): void };
  /** A ready pino-compatible logger instead of `logger`. */
  loggerInstance?: FastifyBaseLogger;
  /** The store of kept replies instead of the one `[responses]` names (not closed with the app). */
  replyStore?: ReplyStore;
  /** The call policy's clock, randomness and sleep (tests pin them). */
  policyClock?: CallPolicyPluginOptions['clock'];
  /** With `[tracing] enabled`: receives every span instead of the OTLP exporter (tests). */
  spanExporter?: SpanExporter;
  /** Epoch-ms clock for the gateway keys' per-minute windows (default `Date.now`). */
  now?: () => number;
  /**
   * Where provider plugin packages named in config (`type = "@acme/modelmux-provider-foo"`) are resolved from, first
   * match wins; the CLI passes the config file's directory and the working directory. The gateway's own
   * node_modules is always tried last.
   */
  pluginSearchDirectories?: readonly string[];
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** The redaction paths for request headers that carry credentials. */
const REDACT_PATHS = SECRET_HEADERS.map((name) => `req.headers["${name}"]`);

/** Builds the gateway without listening: config → plugins → registry → routes. Boot errors reject `ready()`. */
export function buildApp(options: BuildAppOptions): FastifyInstance {
  const { config } = options;
  const app = Fastify({
    ...(options.loggerInstance === undefined
      ? {
          logger: options.logger ?? {
            level: config.server.log_level,
            redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
            serializers: LOG_SERIALIZERS,
            ...(options.logStream === undefined ? {} : { stream: options.logStream }),
          },
        }
      : { loggerInstance: options.loggerInstance }),
    bodyLimit: config.server.body_limit,
    http: { maxHeaderSize: config.server.max_header_bytes },
    clientErrorHandler,
    genReqId: requestIdOf,
    // One access line per request, written by the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
  });

  app.register(httpDispatcherPlugin, { upstream: config.upstream, dispatcher: options.dispatcher });
  app.register(replyStorePlugin, { config: config.responses, store: options.replyStore });
  app.register(metricsPlugin);
  const corsOrigins = config.server.cors_origins;
  if (corsOrigins !== undefined) {
    app.register(cors, {
      origin: corsOrigins.includes('*') ? true : corsOrigins,
      methods: ['GET', 'POST', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'api-key', 'x-api-key', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'x-modelmux-warnings', 'x-modelmux-overhead-ms', 'retry-after'],
      maxAge: 600,
    });
  }
  app.register(registryPlugin, {
    config,
    providerPlugins: options.providerPlugins ?? installedProviderPlugins(),
    apiPlugins: options.apiPlugins ?? installedApiPlugins(config),
    env: options.env ?? {},
    pluginSearchDirectories: options.pluginSearchDirectories ?? [],
  });

  app.register(callPolicyPlugin, { config, clock: options.policyClock });
  app.register(tracingPlugin, { config, env: options.env ?? {}, spanExporter: options.spanExporter });

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  // The access line is decided once: building it for a logger that drops it would cost every request.
  const logger = app.log as FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };
  if (logger.isLevelEnabled?.('info') !== false) {
    app.addHook('onResponse', (request, reply, done) => {
      const call = request.modelmuxCall;
      request.log.info(
        {
          method: request.method,
          url: redactRequestUrl(request.url),
          status: reply.statusCode,
          durationMs: Math.round(reply.elapsedTime * 100) / 100,
          ...(call === undefined ? {} : call),
          ...(request.modelmuxKey === undefined ? {} : { key: request.modelmuxKey.name }),
        },
        'request completed',
      );
      done();
    });
  }

  app.setErrorHandler(createErrorHandler(encodeGatewayError));
  app.setNotFoundHandler(async (request, reply) => {
    const encoded = encodeGatewayError(
      new NoSuchModelError({
        modelReference: request.url,
        message: `Unknown route: ${request.method} ${request.url.split('?')[0]}`,
      }),
    );
    return reply
      .code(404)
      .send({ error: { ...(encoded.body as { error: object }).error, code: 'unknown_url' } });
  });

  app.register(healthRoutes);
  app.register(async (scope) => {
    requireGatewayKeys(scope, {
      config: config.auth,
      env: options.env ?? {},
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    await apiRoutes(scope, {
      apiPlugins: scope.modelmux.apiPlugins(),
      sseKeepAliveMs: config.server.sse_keep_alive_ms,
    });
  });
  return app;
}
