import { resolve } from 'node:path';
import { ConfigError, type StoreError } from '@modelmux/core';
import type { ResponsesConfig } from '../config/gateway-config-schema.js';
import type { Clock } from './expiry.js';
import { MemoryResponseStore } from './memory-response-store.js';
import { RedisResponseStore } from './redis-response-store.js';
import type { ResponseStore } from './response-store.js';
import { SqliteResponseStore } from './sqlite-response-store.js';

/** What `createResponseStore` needs from its surroundings; all optional. */
export interface ResponseStoreDeps {
  /** Epoch-milliseconds clock for expiry in the memory and SQLite stores (default `Date.now`; Redis uses its own). */
  now?: Clock;
  /** Where a relative `sqlite_path` starts (default `process.cwd()`), e.g. the config file's directory. */
  baseDir?: string;
  /** Told about problems outside any request: Redis connection errors, failed SQLite background purges. */
  onBackgroundError?: (error: Error | StoreError) => void;
  /** SQLite background purge period in ms (default 10 minutes; `0` for none). */
  sqlitePurgeIntervalMs?: number;
  /** Redis per-command bound in ms (default 2000). */
  redisCommandTimeoutMs?: number;
  /** Redis connection-attempt bound in ms (default 2000). */
  redisConnectTimeoutMs?: number;
}

/**
 * Builds the store `[responses]` asks for, or `undefined` for `store = "none"` (nothing is stored: the Responses
 * API then cannot honour `store: true` or `previous_response_id`). Synchronous: SQLite opens (and migrates) here and
 * throws a `StoreError` when it cannot; Redis connects in the background and reports an unreachable server on the
 * first operation. `retention_seconds` is not applied here: it is the TTL callers pass to `put`. The caller owns the
 * store and must `close()` it.
 */
export function createResponseStore(
  config: ResponsesConfig,
  deps: ResponseStoreDeps = {},
): ResponseStore | undefined {
  switch (config.store) {
    case 'none':
      return undefined;
    case 'memory':
      return new MemoryResponseStore({
        maxRecords: config.memory_max_records,
        ...(deps.now === undefined ? {} : { now: deps.now }),
      });
    case 'sqlite':
      return new SqliteResponseStore({
        path: resolve(deps.baseDir ?? process.cwd(), config.sqlite_path),
        ...(deps.now === undefined ? {} : { now: deps.now }),
        ...(deps.sqlitePurgeIntervalMs === undefined ? {} : { purgeIntervalMs: deps.sqlitePurgeIntervalMs }),
        ...(deps.onBackgroundError === undefined ? {} : { onPurgeError: deps.onBackgroundError }),
      });
    case 'redis':
      if (config.redis_url === undefined) {
        throw new ConfigError({
          issues: [{ path: 'responses.redis_url', message: 'required when store = "redis"' }],
        });
      }
      return new RedisResponseStore({
        url: config.redis_url,
        keyPrefix: config.redis_key_prefix,
        ...(deps.redisCommandTimeoutMs === undefined ? {} : { commandTimeoutMs: deps.redisCommandTimeoutMs }),
        ...(deps.redisConnectTimeoutMs === undefined ? {} : { connectTimeoutMs: deps.redisConnectTimeoutMs }),
        ...(deps.onBackgroundError === undefined ? {} : { onConnectionError: deps.onBackgroundError }),
      });
  }
}
