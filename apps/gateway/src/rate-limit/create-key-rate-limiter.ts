import { ConfigError } from '@modelmux/core';
import type { AuthConfig } from '../config/gateway-config-schema.js';
import type { KeyRateLimiter } from './key-rate-limiter.js';
import { MemoryKeyRateLimiter } from './memory-key-rate-limiter.js';
import { RedisKeyRateLimiter } from './redis-key-rate-limiter.js';

/** What `createKeyRateLimiter` needs from its surroundings; all optional. */
export interface KeyRateLimiterDeps {
  /** Epoch-ms clock that picks the one-minute windows (default `Date.now`). */
  now?: () => number;
  /** Told about Redis connection errors (outside any request). */
  onConnectionError?: (error: Error) => void;
}

/**
 * The limiter `[auth] rate_limit_store` names: `memory` (this process) or `redis` (shared by several gateways; it
 * connects on first use). The caller owns it and must `close()` it.
 */
export function createKeyRateLimiter(config: AuthConfig, deps: KeyRateLimiterDeps = {}): KeyRateLimiter {
  if (config.rate_limit_store === 'memory') return new MemoryKeyRateLimiter(deps.now);
  if (config.redis_url === undefined) {
    throw new ConfigError({
      issues: [{ path: 'auth.redis_url', message: 'required when rate_limit_store = "redis"' }],
    });
  }
  return new RedisKeyRateLimiter({
    url: config.redis_url,
    keyPrefix: config.redis_key_prefix,
    ...(deps.now === undefined ? {} : { now: deps.now }),
    ...(deps.onConnectionError === undefined ? {} : { onConnectionError: deps.onConnectionError }),
  });
}
