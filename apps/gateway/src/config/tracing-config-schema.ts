import { secretRefSchema } from '@modelmux/core/settings';
import { z } from 'zod';

/** `[tracing]`: OpenTelemetry spans for every request and every attempt of its model call, sent over OTLP/HTTP. */
export const tracingConfigSchema = z.strictObject({
  /** Off by default: nothing is loaded or recorded. */
  enabled: z.boolean().default(false),
  /** The collector's OTLP/HTTP traces URL. */
  otlp_endpoint: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:4318/v1/traces'),
  /** Headers for the collector (say, its authorization), values plain or `{ env = "NAME" }`. */
  headers: z.record(z.string().min(1), secretRefSchema).default({}),
  /** The `service.name` resource attribute. */
  service_name: z.string().min(1).default('modelmux'),
  /** The share of requests traced (their attempts follow their request's decision). */
  sample_ratio: z.number().min(0).max(1).default(1),
});

export type TracingConfig = z.infer<typeof tracingConfigSchema>;
