import { hash, timingSafeEqual } from 'node:crypto';
import { ModelmuxError } from '@modelmux/core';
import { resolveSecret } from '@modelmux/core/settings';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthConfig } from '../config/gateway-config-schema.js';
import { createKeyRateLimiter } from '../rate-limit/create-key-rate-limiter.js';
import type { KeyLimits, KeyRateLimiter } from '../rate-limit/key-rate-limiter.js';
import { createRateLimitGuard, type RateLimitGuard } from '../rate-limit/rate-limit-guard.js';

/** A gateway API key as the gateway holds it: only its digest, never the key. */
interface KnownKey {
  digest: Buffer;
  /** What requests get to see of it: never the digest. */
  view: GatewayKey;
}

/** The key a request authenticated with. */
export interface GatewayKey {
  name: string;
  models?: ReadonlySet<string>;
  limits?: KeyLimits;
}

export interface GatewayKeysOptions {
  config: AuthConfig;
  env: Readonly<Record<string, string | undefined>>;
  /** Epoch-ms clock for the rate-limit windows and the warning throttle (default `Date.now`). */
  now?: () => number;
  /** A limiter instead of the one `[auth] rate_limit_store` names (then not closed with the app). */
  limiter?: KeyRateLimiter;
}

/** While the limiter's store is failing, at most one warning per this many ms (the metric counts every failure). */
const FAILURE_WARNING_INTERVAL_MS = 10_000;

const BEARER = /^Bearer\s+(.+)$/i;

function digestOf(key: string): Buffer {
  return hash('sha256', key, 'buffer');
}

/** Headers some clients send the key in instead of `Authorization`. */
const KEY_HEADERS = ['api-key', 'x-api-key'] as const;

/** The key a client sent: `Authorization: Bearer …`, or the `api-key` / `x-api-key` headers some clients use. */
function presentedKey(request: FastifyRequest): string | undefined {
  const { authorization } = request.headers;
  if (typeof authorization === 'string') {
    const match = BEARER.exec(authorization);
    if (match !== null) return match[1]?.trim();
  }
  for (const name of KEY_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/**
 * Requires a gateway API key on every route of `scope` when `[auth] keys` names any: the key is compared by its
 * SHA-256 digest in constant time against every configured key (no early exit on a match), a missing or unknown key
 * is a 401, a key limited to some models gets a 403 for any other, and a key over its requests or tokens per minute
 * a 429 with Retry-After (the time left in the window). Limits are counted where `[auth] rate_limit_store` says; when
 * that store fails, `rate_limit_failure_mode` decides, every failure is counted in
 * `modelmux_rate_limit_store_errors_total` and a warning is logged at most every 10 s. Keys are resolved at boot;
 * the request's key name is on `request.modelmuxKey` (and in the access log), never the key.
 */
export function requireGatewayKeys(scope: FastifyInstance, options: GatewayKeysOptions): void {
  const { config, env } = options;
  if (config.keys.length === 0) return;
  const known: KnownKey[] = config.keys.map((entry, index) => {
    const view: GatewayKey = { name: entry.name };
    if (entry.models !== undefined) view.models = new Set(entry.models);
    if (entry.rpm !== undefined || entry.tpm !== undefined) view.limits = { rpm: entry.rpm, tpm: entry.tpm };
    return { digest: digestOf(resolveSecret(entry.key, env, `auth.keys[${index}].key`)), view };
  });
  const guard = known.some((key) => key.view.limits !== undefined) ? createGuard(scope, options) : undefined;
  // A callback hook: nothing here waits, so no promise per request.
  scope.addHook('onRequest', (request, _reply, done) => {
    const presented = presentedKey(request);
    if (presented === undefined) {
      done(
        new ModelmuxError({
          code: 'MMX_GATEWAY_UNAUTHORIZED',
          message: 'This gateway needs an API key: send it as a bearer token in the Authorization header.',
        }),
      );
      return;
    }
    const digest = digestOf(presented);
    let match: KnownKey | undefined;
    for (const key of known) if (timingSafeEqual(key.digest, digest) && match === undefined) match = key;
    if (match === undefined) {
      done(new ModelmuxError({ code: 'MMX_GATEWAY_UNAUTHORIZED', message: 'Incorrect API key provided.' }));
      return;
    }
    request.modelmuxKey = match.view;
    done();
  });
  scope.addHook('preHandler', async (request) => {
    const key = request.modelmuxKey;
    if (key === undefined) return;
    const model = (request.body as { model?: unknown } | undefined)?.model;
    if (key.models !== undefined && typeof model === 'string' && !key.models.has(model)) {
      throw new ModelmuxError({
        code: 'MMX_GATEWAY_FORBIDDEN',
        message: `The API key '${key.name}' may not use the model '${model}'.`,
      });
    }
    if (key.limits === undefined || guard === undefined) return;
    const waitMs = await guard.check(key.name, key.limits);
    if (waitMs !== undefined) throw keyRateLimited(key.name, waitMs);
  });
  if (guard === undefined) return;
  scope.addHook('onResponse', (request, _reply, done) => {
    const key = request.modelmuxKey;
    const call = request.modelmuxCall;
    if (key?.limits?.tpm !== undefined && call !== undefined)
      guard.countTokens(key.name, (call.inputTokens ?? 0) + (call.outputTokens ?? 0));
    done();
  });
  scope.addHook('onClose', async () => {
    if (options.limiter === undefined) await guard.close();
  });
}

/** A 429 whose Retry-After (read by the error encoders from `retryAfterMs`) is the time left in the window. */
function keyRateLimited(name: string, waitMs: number): ModelmuxError {
  const error = new ModelmuxError({
    code: 'MMX_GATEWAY_RATE_LIMITED',
    message: `The API key '${name}' is over its per-minute limit; retry in ${Math.ceil(waitMs / 1000)} s.`,
  });
  return Object.assign(error, { retryAfterMs: waitMs });
}

/** The configured (or given) limiter behind the failure policy, reporting failures as a metric and a warning. */
function createGuard(scope: FastifyInstance, options: GatewayKeysOptions): RateLimitGuard {
  const now = options.now ?? Date.now;
  let lastWarningAt = Number.NEGATIVE_INFINITY;
  const warn = (error: unknown, what: string) => {
    const at = now();
    if (at - lastWarningAt < FAILURE_WARNING_INTERVAL_MS) return;
    lastWarningAt = at;
    scope.log.warn(
      { err: error, failureMode: options.config.rate_limit_failure_mode },
      `the rate-limit store failed (${what}); requests are ${
        options.config.rate_limit_failure_mode === 'open' ? 'let through unlimited' : 'refused with 503'
      } while it does`,
    );
  };
  const limiter =
    options.limiter ??
    createKeyRateLimiter(options.config, {
      now,
      onConnectionError: (error) => warn(error, 'connection'),
    });
  return createRateLimitGuard({
    limiter,
    failureMode: options.config.rate_limit_failure_mode,
    onFailure: (error, operation) => {
      scope.modelmuxMetrics.rateLimitStoreFailed(operation);
      warn(error, operation);
    },
  });
}
