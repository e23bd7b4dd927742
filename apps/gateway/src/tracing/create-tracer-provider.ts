import type { SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import type { TracingConfig } from '../config/tracing-config-schema.js';
import { SERVICE_NAME } from './gen-ai-attributes.js';

/**
 * The tracer provider for `[tracing]`, its SDK modules imported only now (a gateway with tracing off loads none):
 * sampled by ratio (attempts follow their request), spans batched to the OTLP/HTTP endpoint — or handed one by one
 * to `exporter` when one is given (tests).
 */
export async function createTracerProvider(
  config: TracingConfig,
  headers: Record<string, string>,
  exporter?: SpanExporter,
): Promise<TracerProvider> {
  const sdk = await import('@opentelemetry/sdk-trace');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const processor =
    exporter === undefined
      ? new sdk.BatchSpanProcessor({
          exporter: new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter({
            url: config.otlp_endpoint,
            headers,
          }),
        })
      : new sdk.SimpleSpanProcessor({ exporter });
  return new sdk.TracerProvider({
    resource: resourceFromAttributes({ [SERVICE_NAME]: config.service_name }),
    sampler: new sdk.ParentBasedSampler({ root: new sdk.TraceIdRatioBasedSampler(config.sample_ratio) }),
    spanProcessors: [processor],
  });
}
