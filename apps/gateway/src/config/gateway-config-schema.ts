import { z } from 'zod';

const INSTANCE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const serverConfigSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.int().min(0).max(65_535).default(8080),
  /** Largest request body accepted, in bytes. */
  body_limit: z
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  log_level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export const upstreamConfigSchema = z.strictObject({
  /** Time allowed to open a connection to an upstream. */
  connect_timeout_ms: z.int().positive().default(10_000),
  /** Time allowed until the upstream's response headers arrive (time to first byte). */
  headers_timeout_ms: z.int().positive().default(300_000),
  /** Longest silence allowed between two body chunks: never a total timeout that cuts long, healthy streams. */
  body_timeout_ms: z.int().positive().default(300_000),
  /** How long an idle keep-alive connection to an upstream is kept. */
  keep_alive_timeout_ms: z.int().positive().default(60_000),
  /** Most connections per upstream origin (unlimited when unset). */
  connections: z.int().positive().optional(),
});

export const providerInstanceConfigSchema = z.looseObject({
  /** Which provider plugin serves this instance, e.g. `openai-compatible`. */
  type: z.string().min(1),
});

export const modelAliasConfigSchema = z.strictObject({
  /** `instance:model` references, in the order they are tried. */
  targets: z.array(z.string().min(1)).min(1),
  weights: z.array(z.number().positive()).optional(),
});

export const embeddingsConfigSchema = z.strictObject({
  /** Most inputs one `/v1/embeddings` request may carry (OpenAI's limit is 2048); more is a 400. */
  max_inputs: z.int().positive().max(100_000).default(2048),
});

export const gatewayConfigSchema = z.strictObject({
  server: serverConfigSchema.prefault({}),
  upstream: upstreamConfigSchema.prefault({}),
  embeddings: embeddingsConfigSchema.prefault({}),
  providers: z
    .record(
      z.string().regex(INSTANCE_ID, 'provider ids are letters, digits, _, . and - (no colon)'),
      providerInstanceConfigSchema,
    )
    .default({}),
  models: z.record(z.string().min(1), modelAliasConfigSchema).default({}),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
