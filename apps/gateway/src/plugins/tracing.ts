import { resolveSecret } from '@modelmux/core/settings';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import fp from 'fastify-plugin';
import type { GatewayConfig } from '../config/gateway-config-schema.js';
import { CallTracing } from '../tracing/call-tracing.js';
import { createTracerProvider } from '../tracing/create-tracer-provider.js';
import { VERSION } from '../version.js';

export interface TracingPluginOptions {
  config: Pick<GatewayConfig, 'tracing' | 'providers'>;
  env: Readonly<Record<string, string | undefined>>;
  /** Receives every span instead of the OTLP exporter (tests). */
  spanExporter?: SpanExporter;
}

/**
 * OpenTelemetry tracing when `[tracing] enabled`: `app.modelmuxTracing` starts the spans of model calls, request spans
 * end with the reply, and pending spans are flushed when the app closes. Off, `app.modelmuxTracing` is undefined and
 * the SDK is never loaded.
 */
export const tracingPlugin = fp<TracingPluginOptions>(
  async (app, options) => {
    const { tracing, providers } = options.config;
    if (!tracing.enabled) {
      app.decorate('modelmuxTracing', undefined);
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(tracing.headers).map(([name, value]) => [
        name,
        resolveSecret(value, options.env, `tracing.headers.${name}`),
      ]),
    );
    const provider = await createTracerProvider(tracing, headers, options.spanExporter);
    const types = new Map(Object.entries(providers).map(([id, instance]) => [id, instance.type]));
    const tracingOfCalls = new CallTracing(provider.getTracer('modelmux', VERSION), types);
    app.decorate('modelmuxTracing', tracingOfCalls);
    app.addHook('onResponse', (request, reply, done) => {
      const span = request.modelmuxSpan;
      if (span !== undefined) tracingOfCalls.endRequest(span, request, reply);
      done();
    });
    app.addHook('onClose', async () => {
      await provider.shutdown().catch((error: unknown) => {
        app.log.warn({ err: error }, 'could not flush the last spans');
      });
    });
  },
  { name: '@modelmux/gateway-tracing', fastify: '5.x' },
);
