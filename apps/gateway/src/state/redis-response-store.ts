import { StoreError } from '@modelmux/core';
import { ttlMilliseconds } from './expiry.js';
import { RedisConnection } from './redis-connection.js';
import type { ResponseStore, StoredResponse } from './response-store.js';
import { storeUnavailable } from './store-unavailable.js';
import { decodeStoredResponse, encodeStoredResponse } from './stored-response-codec.js';

export { DEFAULT_REDIS_COMMAND_TIMEOUT_MS, DEFAULT_REDIS_CONNECT_TIMEOUT_MS } from './redis-connection.js';

/** Default key prefix: keys read `modelmux:resp:<id>`. */
export const DEFAULT_REDIS_KEY_PREFIX = 'modelmux:';

export interface RedisResponseStoreOptions {
  /** `redis://[user:password@]host[:port][/db]` or `rediss://…` for TLS. */
  url: string;
  /** Prepended to every key (default `modelmux:`); the key of a response is `<prefix>resp:<id>`. */
  keyPrefix?: string;
  /** Longest a command may take, time spent waiting for a connection included (default 2000 ms). */
  commandTimeoutMs?: number;
  /** Longest a connection attempt may take (default 2000 ms). */
  connectTimeoutMs?: number;
  /**
   * Told about connection errors (refused, reset, timed out, TLS, auth…): one per failed attempt, at most about
   * one a second while the server is down. They never throw; operations report the outage as `StoreError`s.
   */
  onConnectionError?: (error: Error) => void;
}

/**
 * A `ResponseStore` in Redis, shared by several gateway instances (`ioredis`). One key per response,
 * `<prefix>resp:<id>`, holding the record as JSON and written with `SET … PX <ttl>` so Redis itself expires it
 * (`GET` never sees an expired key, and no purge is needed); `DEL` deletes.
 *
 * Failure behaviour is `RedisConnection`'s: connected at construction, reconnecting in the background, and every
 * operation rejects at once with a `StoreError` (`MMX_STORE_UNAVAILABLE`) while Redis is known to be unreachable.
 */
export class RedisResponseStore implements ResponseStore {
  readonly keyPrefix: string;
  readonly #connection: RedisConnection;

  constructor(options: RedisResponseStoreOptions) {
    this.keyPrefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
    this.#connection = new RedisConnection({
      url: options.url,
      purpose: 'Redis response store',
      ...(options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs }),
      ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
      ...(options.onConnectionError === undefined ? {} : { onConnectionError: options.onConnectionError }),
    });
  }

  /** The Redis key that holds response `id`. */
  keyOf(id: string): string {
    return `${this.keyPrefix}resp:${id}`;
  }

  async put(record: StoredResponse, ttlSeconds: number): Promise<void> {
    const milliseconds = ttlMilliseconds(ttlSeconds);
    const json = encodeStoredResponse(record);
    const reply = await this.#connection.run(`save response ${record.id}`, (client) =>
      client.set(this.keyOf(record.id), json, 'PX', milliseconds),
    );
    if (reply !== 'OK') {
      throw new StoreError({
        message: `${this.#connection.name}: cannot save response ${record.id}: SET replied ${reply}`,
      });
    }
  }

  async get(id: string): Promise<StoredResponse | undefined> {
    const json = await this.#connection.run(`read response ${id}`, (client) => client.get(this.keyOf(id)));
    if (json === null) return undefined;
    try {
      return decodeStoredResponse(json);
    } catch (error) {
      throw storeUnavailable(
        this.#connection.name,
        `read response ${id} (the stored value is corrupt)`,
        error,
      );
    }
  }

  async delete(id: string): Promise<boolean> {
    return (await this.#connection.run(`delete response ${id}`, (client) => client.del(this.keyOf(id)))) > 0;
  }

  close(): Promise<void> {
    return this.#connection.close();
  }
}
