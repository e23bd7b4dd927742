import { Redis } from 'ioredis';
import { storeClosed, storeUnavailable } from './store-unavailable.js';

/** Default bound on one command, queued time included: 2 s. */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 2000;

/** Default bound on opening a TCP (or TLS) connection: 2 s. */
export const DEFAULT_REDIS_CONNECT_TIMEOUT_MS = 2000;

/** Longest pause between two reconnection attempts while the server is unreachable. */
const MAX_RECONNECT_DELAY_MS = 1000;

/** A Lua script installed on the client as a command (ioredis `defineCommand`: EVALSHA, EVAL when not cached). */
export interface RedisScript {
  numberOfKeys: number;
  lua: string;
}

export interface RedisConnectionOptions {
  /** `redis://[user:password@]host[:port][/db]` or `rediss://…` for TLS. */
  url: string;
  /** What uses the connection, for messages: `Redis response store` → `Redis response store (redis://…): …`. */
  purpose: string;
  /** Longest a command may take, time spent waiting for a connection included (default 2000 ms). */
  commandTimeoutMs?: number;
  /** Longest a connection attempt may take (default 2000 ms). */
  connectTimeoutMs?: number;
  /** Scripts to define on the client, by command name. */
  scripts?: Readonly<Record<string, RedisScript>>;
  /**
   * Told about connection errors (refused, reset, timed out, TLS, auth…): one per failed attempt, at most about
   * one a second while the server is down. They never throw; commands report the outage as `StoreError`s.
   */
  onConnectionError?: (error: Error) => void;
}

/** The URL with any password replaced, for messages. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unparsable URL';
  }
}

/**
 * One ioredis client that fails fast while Redis is down, shared by the Redis-backed stores.
 *
 * The client connects at construction and reconnects forever in the background (100 ms, 200 ms, … capped at 1 s
 * between attempts). Once a connection attempt has failed, and until a connection is ready again, every command
 * rejects at once with a `StoreError` (`MMX_STORE_UNAVAILABLE`) naming the server and the last connection error.
 * Before that is known (at startup, or just after a connection dropped), a command waits in ioredis' offline queue
 * only until the next attempt fails (`maxRetriesPerRequest: 1`; about 100 ms after a drop), and never longer than
 * `commandTimeoutMs`, which also bounds a command on a connection that went silent. Commands in flight when the
 * connection drops are not resent (`autoResendUnfulfilledCommands` off): they fail rather than maybe apply twice.
 * Connection `error` events are handled (passed to `onConnectionError`), so an outage never crashes the process.
 * `close()` sends `QUIT` (or just drops a connection that is down) and stops reconnecting.
 */
export class RedisConnection {
  /** `<purpose> (<url, password masked>)`, the start of every error message. */
  readonly name: string;
  readonly #client: Redis;
  #closing: Promise<void> | undefined;
  /** The last connection error since the connection was last ready: set while Redis is known to be unreachable. */
  #unreachable: Error | undefined;

  constructor(options: RedisConnectionOptions) {
    this.name = `${options.purpose} (${describeRedisUrl(options.url)})`;
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
      throw storeUnavailable(this.name, 'create the client', error);
    }
    for (const [command, script] of Object.entries(options.scripts ?? {}))
      this.#client.defineCommand(command, script);
    this.#client.on('error', (error: Error) => {
      if (this.#client.status !== 'ready') this.#unreachable = error;
      onConnectionError?.(error);
    });
    this.#client.on('ready', () => {
      this.#unreachable = undefined;
    });
  }

  /**
   * Runs one command (`action` names it in messages), turning any failure — closed connection, unreachable server,
   * timeout, error reply — into a `StoreError`.
   */
  async run<T>(action: string, call: (client: Redis) => Promise<T>): Promise<T> {
    if (this.#closing !== undefined) throw storeClosed(this.name, action);
    const unreachable = this.#unreachable;
    if (unreachable !== undefined && this.#client.status !== 'ready') {
      throw storeUnavailable(
        this.name,
        action,
        new Error(`Redis is unreachable: ${unreachable.message}`, { cause: unreachable }),
      );
    }
    try {
      return await call(this.#client);
    } catch (error) {
      throw storeUnavailable(this.name, action, error);
    }
  }

  /** Quits (idempotent): later commands reject with a "closed" `StoreError`. */
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
}
