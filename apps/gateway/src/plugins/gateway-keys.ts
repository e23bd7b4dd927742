import { createHash, timingSafeEqual } from 'node:crypto';
import { ModelmuxError } from '@modelmux/core';
import { resolveSecret } from '@modelmux/core/settings';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthConfig } from '../config/gateway-config-schema.js';
import { KeyRateLimiter } from './key-rate-limiter.js';

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
  limits?: { rpm?: number; tpm?: number };
}

const BEARER = /^Bearer\s+(.+)$/i;

function digestOf(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** The key a client sent: `Authorization: Bearer …`, or the `api-key` / `x-api-key` headers some clients use. */
function presentedKey(request: FastifyRequest): string | undefined {
  const { authorization } = request.headers;
  if (typeof authorization === 'string') {
    const match = BEARER.exec(authorization);
    if (match !== null) return match[1]?.trim();
  }
  for (const name of ['api-key', 'x-api-key'] as const) {
    const value = request.headers[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/**
 * Requires a gateway API key on every route of `scope` when `[auth] keys` names any: the key is compared by its
 * SHA-256 digest in constant time against every configured key (no early exit on a match), a missing or unknown key
 * is a 401, a key limited to some models gets a 403 for any other, and a key over its requests or tokens per minute
 * a 429 with Retry-After. Keys are resolved at boot; the request's key
 * name is on `request.modelmuxKey` (and in the access log), never the key.
 */
export function requireGatewayKeys(
  scope: FastifyInstance,
  config: AuthConfig,
  env: Readonly<Record<string, string | undefined>>,
  limiter: KeyRateLimiter = new KeyRateLimiter(),
): void {
  if (config.keys.length === 0) return;
  const known: KnownKey[] = config.keys.map((entry, index) => {
    const view: GatewayKey = { name: entry.name };
    if (entry.models !== undefined) view.models = new Set(entry.models);
    if (entry.rpm !== undefined || entry.tpm !== undefined) view.limits = { rpm: entry.rpm, tpm: entry.tpm };
    return { digest: digestOf(resolveSecret(entry.key, env, `auth.keys[${index}].key`)), view };
  });
  scope.addHook('onRequest', async (request) => {
    const presented = presentedKey(request);
    if (presented === undefined) {
      throw new ModelmuxError({
        code: 'MMX_GATEWAY_UNAUTHORIZED',
        message: 'This gateway needs an API key: send it as a bearer token in the Authorization header.',
      });
    }
    const digest = digestOf(presented);
    let match: KnownKey | undefined;
    for (const key of known) if (timingSafeEqual(key.digest, digest) && match === undefined) match = key;
    if (match === undefined)
      throw new ModelmuxError({ code: 'MMX_GATEWAY_UNAUTHORIZED', message: 'Incorrect API key provided.' });
    request.modelmuxKey = match.view;
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
    if (key.limits === undefined) return;
    const waitMs = limiter.take(key.name, key.limits);
    if (waitMs !== undefined) {
      const error = new ModelmuxError({
        code: 'MMX_GATEWAY_RATE_LIMITED',
        message: `The API key '${key.name}' is over its per-minute limit; retry in ${Math.ceil(waitMs / 1000)} s.`,
      });
      // Read by the error encoders for Retry-After.
      Object.assign(error, { retryAfterMs: waitMs });
      throw error;
    }
  });
  scope.addHook('onResponse', (request, _reply, done) => {
    const key = request.modelmuxKey;
    const call = request.modelmuxCall;
    if (key?.limits?.tpm !== undefined && call !== undefined)
      limiter.addTokens(key.name, (call.inputTokens ?? 0) + (call.outputTokens ?? 0));
    done();
  });
}
