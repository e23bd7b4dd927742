import { secretRefSchema } from '@modelmux/core/settings';
import { z } from 'zod';
import { callSettingsOverrideSchema, routingConfigSchema } from './routing-config-schema.js';
import { tracingConfigSchema } from './tracing-config-schema.js';

const INSTANCE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const serverConfigSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.int().min(0).max(65_535).default(8080),
  /** Largest request body accepted, in bytes. */
  body_limit: z
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /**
   * Largest request head (request line and headers) accepted, in bytes; a larger one is answered 431 before any
   * route runs. Node's default, 16 KiB, unless set.
   */
  max_header_bytes: z
    .int()
    .min(1024)
    .max(1024 * 1024)
    .default(16 * 1024),
  log_level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Browser origins allowed to call the API (CORS), e.g. `["https://app.example.com"]`; `["*"]` allows any. Off (no
   * CORS headers) when absent.
   */
  cors_origins: z.array(z.string().min(1)).optional(),
  /** While an upstream is silent, an SSE comment keeps the client's stream (and proxies on the way) open; 0: off. */
  sse_keep_alive_ms: z.int().min(0).default(15_000),
  /** On shutdown, how long open requests (streams) may take to finish before their connections are closed. */
  shutdown_timeout_ms: z.int().min(0).default(30_000),
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
  /** One per target: calls are spread in proportion (the picked target first, then the others in order). */
  weights: z.array(z.number().positive()).optional(),
  /** This alias's own retries and timeouts, over `[routing]`. */
  routing: callSettingsOverrideSchema.optional(),
});

export const embeddingsConfigSchema = z.strictObject({
  /** Most inputs one `/v1/embeddings` request may carry (OpenAI's limit is 2048); more is a 400. */
  max_inputs: z.int().positive().max(100_000).default(2048),
});

/** Where `store: true` Responses API responses are kept. */
export const responseStoreKindSchema = z.enum(['sqlite', 'redis', 'memory', 'none']);

/** Default `[responses] sqlite_path`, relative to the gateway's working directory. */
export const DEFAULT_RESPONSES_SQLITE_PATH = './.modelmux/responses.sqlite';

/** Default `[responses] retention_seconds`: 30 days, OpenAI's retention for stored responses. */
export const DEFAULT_RESPONSES_RETENTION_SECONDS = 30 * 24 * 60 * 60;

export const responsesConfigSchema = z
  .strictObject({
    /**
     * `sqlite` (default): one file that survives restarts of one machine; `redis`: shared by several gateway
     * instances; `memory`: this process only, lost at exit (tests, development); `none`: nothing is stored.
     */
    store: responseStoreKindSchema.default('sqlite'),
    /** The SQLite file (`store = "sqlite"`), relative to the working directory; missing directories are created. */
    sqlite_path: z.string().min(1).default(DEFAULT_RESPONSES_SQLITE_PATH),
    /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS); required when `store = "redis"`. */
    redis_url: z
      .string()
      .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
      .optional(),
    /** Prepended to every Redis key; a response's key is `<prefix>resp:<id>`. */
    redis_key_prefix: z.string().default('modelmux:'),
    /** How long a stored response is kept, in seconds (default 30 days). */
    retention_seconds: z.int().positive().default(DEFAULT_RESPONSES_RETENTION_SECONDS),
    /** Most responses the `memory` store keeps; the least recently saved are evicted first. */
    memory_max_records: z.int().positive().default(10_000),
  })
  .superRefine((section, context) => {
    if (section.store === 'redis' && section.redis_url === undefined) {
      context.addIssue({ code: 'custom', path: ['redis_url'], message: 'required when store = "redis"' });
    }
  });

/** One gateway API key: who holds it and which models it may use. */
export const gatewayKeyConfigSchema = z.strictObject({
  /** Shown in logs instead of the key. */
  name: z.string().min(1),
  key: secretRefSchema,
  /** Aliases or `instance:model` references this key may use; every model when absent. */
  models: z.array(z.string().min(1)).optional(),
  /** Requests per minute this key may make (counted where `[auth] rate_limit_store` says). */
  rpm: z.int().positive().optional(),
  /** Tokens (input + output) per minute this key may use (counted where `[auth] rate_limit_store` says). */
  tpm: z.int().positive().optional(),
});

/** Where keys' requests and tokens per minute are counted. */
export const rateLimitStoreKindSchema = z.enum(['memory', 'redis']);

export const authConfigSchema = z
  .strictObject({
    /** With no keys the API is open (a gateway on a private network); with keys, every API request needs one. */
    keys: z.array(gatewayKeyConfigSchema).default([]),
    /** `memory` (default): each gateway process counts on its own; `redis`: gateways sharing a Redis count together. */
    rate_limit_store: rateLimitStoreKindSchema.default('memory'),
    /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS); required when `rate_limit_store = "redis"`. */
    redis_url: z
      .string()
      .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
      .optional(),
    /** Prepended to every Redis key; a key's counters are `<prefix>rl:<key name>:<minute>`. */
    redis_key_prefix: z.string().default('modelmux:'),
    /**
     * When the Redis store cannot be reached: `open` (default) lets requests through unlimited (keys are still
     * checked) and logs a warning; `closed` refuses them with a 503.
     */
    rate_limit_failure_mode: z.enum(['open', 'closed']).default('open'),
  })
  .superRefine((section, context) => {
    if (section.rate_limit_store === 'redis' && section.redis_url === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['redis_url'],
        message: 'required when rate_limit_store = "redis"',
      });
    }
  });

export const gatewayConfigSchema = z.strictObject({
  server: serverConfigSchema.prefault({}),
  upstream: upstreamConfigSchema.prefault({}),
  routing: routingConfigSchema.prefault({}),
  tracing: tracingConfigSchema.prefault({}),
  embeddings: embeddingsConfigSchema.prefault({}),
  auth: authConfigSchema.prefault({}),
  responses: responsesConfigSchema.prefault({}),
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
export type ResponsesConfig = z.infer<typeof responsesConfigSchema>;
export type ResponseStoreKind = z.infer<typeof responseStoreKindSchema>;
export type AuthConfig = z.infer<typeof authConfigSchema>;
