import { createHash, timingSafeEqual } from 'node:crypto';
import { ModelmuxError } from '@modelmux/core';
import { resolveSecret } from '@modelmux/core/settings';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthConfig } from '../config/gateway-config-schema.js';

/** A gateway API key as the gateway holds it: only its digest, never the key. */
interface KnownKey {
  name: string;
  digest: Buffer;
  /** Allowed model references; undefined: all. */
  models?: ReadonlySet<string>;
}

/** The key a request authenticated with. */
export interface GatewayKey {
  name: string;
  models?: ReadonlySet<string>;
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
 * is a 401, and a key limited to some models gets a 403 for any other. Keys are resolved at boot; the request's key
 * name is on `request.modelmuxKey` (and in the access log), never the key.
 */
export function requireGatewayKeys(
  scope: FastifyInstance,
  config: AuthConfig,
  env: Readonly<Record<string, string | undefined>>,
): void {
  if (config.keys.length === 0) return;
  const known: KnownKey[] = config.keys.map((entry, index) => {
    const key: KnownKey = {
      name: entry.name,
      digest: digestOf(resolveSecret(entry.key, env, `auth.keys[${index}].key`)),
    };
    if (entry.models !== undefined) key.models = new Set(entry.models);
    return key;
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
    request.modelmuxKey =
      match.models === undefined ? { name: match.name } : { name: match.name, models: match.models };
  });
  scope.addHook('preHandler', async (request) => {
    const models = request.modelmuxKey?.models;
    if (models === undefined) return;
    const model = (request.body as { model?: unknown } | undefined)?.model;
    if (typeof model === 'string' && !models.has(model)) {
      throw new ModelmuxError({
        code: 'MMX_GATEWAY_FORBIDDEN',
        message: `The API key '${request.modelmuxKey?.name}' may not use the model '${model}'.`,
      });
    }
  });
}
