import { StoreError } from '@modelmux/core';
import { Redis } from 'ioredis';
import { ttlMilliseconds } from './expiry.js';
import type { ResponseStore, StoredResponse } from './response-store.js';
import { storeClosed, storeUnavailable } from './store-unavailable.js';
import { decodeStoredResponse, encodeStoredResponse } from './stored-response-codec.js';

/** Default key prefix: keys read `modelmux:resp:<id>`. */
export const DEFAULT_REDIS_KEY_PREFIX = 'modelmux:';

/** Default bound on one command, queued time included: 2 s. */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 2000;

/** Default bound on opening a TCP (or TLS) connection: 2 s. */
export const DEFAULT_REDIS_CONNECT_TIMEOUT_MS = 2000;

/** Longest pause between two reconnection attempts while the server is unreachable. */
const MAX_RECONNECT_DELAY_MS = 1000;

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

/** The URL with any password replaced, for messages. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unparsable URL';
  }
}

/**
 * A `ResponseStore` in Redis, shared by several gateway instances (`ioredis`). One key per response,
 * `<prefix>resp:<id>`, holding the record as JSON and written with `SET … PX <ttl>` so Redis itself expires it
 * (`GET` never sees an expired key, and no purge is needed); `DEL` deletes.
 *
 * Failure behaviour: the client connects at construction and reconnects forever in the background (100 ms, 200 ms,
 * … capped at 1 s between attempts). Once a connection attempt has failed, and until a connection is ready again,
 * every operation rejects at once with a `StoreError` (`MMX_STORE_UNAVAILABLE`) naming the server and the last
 * connection error. Before that is known (at startup, or just after a connection dropped), a command waits in
 * ioredis' offline queue only until the next attempt fails (`maxRetriesPerRequest: 1`; about 100 ms after a drop),
 * and never longer than `commandTimeoutMs`, which also bounds a command on a connection that went silent. Commands
 * in flight when the connection drops are not resent (`autoResendUnfulfilledCommands` off): they fail rather than
 * maybe apply twice. Connection `error` events are handled (passed to `onConnectionError`), so an outage never
 * crashes the process. `close()` sends `QUIT` (or just drops a connection that is down) and stops reconnecting.
 */
export class RedisResponseStore implements ResponseStore {
  readonly keyPrefix: string;
  readonly #name: string;
  readonly #client: Redis;
  #closing: Promise<void> | undefined;
  /** The last connection error since the connection was last ready: set while Redis is known to be unreachable. */
  #unreachable: Error | undefined;

  constructor(options: RedisResponseStoreOptions) {
    this.keyPrefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
    this.#name = `Redis response store (${describeUrl(options.url)})`;
    const onConnectionError = options.onConnectionError;
    try {
      this.#client = new Redis(options.url, {
        connectTimeout: options.connectTimeoutMs ?? DEFAULT_REDIS_CONNECT_TIMEOUT_MS,
        commandTimeout: options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: true,
        autoResendUnfulfilledCommands: false,
        retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
        lazyConnect: false,
      });
    } catch (error) {
      throw storeUnavailable(this.#name, 'create the client', error);
    }
    this.#client.on('error', (error: Error) => {
      if (this.#client.status !== 'ready') this.#unreachable = error;
      onConnectionError?.(error);
    });
    this.#client.on('ready', () => {
      this.#unreachable = undefined;
    });
  }

  /** The Redis key that holds response `id`. */
  keyOf(id: string): string {
    return `${this.keyPrefix}resp:${id}`;
  }

  async put(record: StoredResponse, ttlSeconds: number): Promise<void> {
    const milliseconds = ttlMilliseconds(ttlSeconds);
    const json = encodeStoredResponse(record);
    const reply = await this.#command(`save response ${record.id}`, () =>
      this.#client.set(this.keyOf(record.id), json, 'PX', milliseconds),
    );
    if (reply !== 'OK') {
      throw new StoreError({
        message: `${this.#name}: cannot save response ${record.id}: SET replied ${reply}`,
      });
    }
  }

  async get(id: string): Promise<StoredResponse | undefined> {
    const json = await this.#command(`read response ${id}`, () => this.#client.get(this.keyOf(id)));
    if (json === null) return undefined;
    try {
      return decodeStoredResponse(json);
    } catch (error) {
      throw storeUnavailable(this.#name, `read response ${id} (the stored value is corrupt)`, error);
    }
  }

  async delete(id: string): Promise<boolean> {
    return (await this.#command(`delete response ${id}`, () => this.#client.del(this.keyOf(id)))) > 0;
  }

  close(): Promise<void> {
    this.#closing ??= this.#quit();
    return this.#closing;
  }

  async #quit(): Promise<void> {
    if (this.#client.status === 'ready') {
      try {
        await this.#client.quit();
        return;
      } catch {
        // Fall through: drop the connection instead.
      }
    }
    this.#client.disconnect();
  }

  /** Runs one command, turning any failure (closed store included) into a `StoreError`. */
  async #command<T>(action: string, call: () => Promise<T>): Promise<T> {
    if (this.#closing !== undefined) throw storeClosed(this.#name, action);
    const unreachable = this.#unreachable;
    if (unreachable !== undefined && this.#client.status !== 'ready') {
      throw storeUnavailable(
        this.#name,
        action,
        new Error(`Redis is unreachable: ${unreachable.message}`, { cause: unreachable }),
      );
    }
    try {
      return await call();
    } catch (error) {
      throw storeUnavailable(this.#name, action, error);
    }
  }
}
