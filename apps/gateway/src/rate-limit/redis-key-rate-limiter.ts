import { RedisConnection, type RedisScript } from '../state/redis-connection.js';
import { storeClosed } from '../state/store-unavailable.js';
import type { KeyLimits, KeyRateLimiter } from './key-rate-limiter.js';
import { rateWindowAt } from './rate-window.js';

/** Default key prefix: a key's counters read `modelmux:rl:<key name>:<minute>`. */
export const DEFAULT_RATE_LIMIT_KEY_PREFIX = 'modelmux:';

/** Default bound on one limiter command: the check sits on every request, so it gives up sooner than the stores. */
export const DEFAULT_RATE_LIMIT_COMMAND_TIMEOUT_MS = 500;

/**
 * How long a window's counters outlive its end, so that a gateway whose clock runs a little behind still finds
 * them; the minute in the key name keeps windows apart, the TTL only cleans up.
 */
const WINDOW_GRACE_MS = 10_000;

/**
 * KEYS[1]: the window's counters (a hash: `r` requests, `t` tokens). ARGV: rpm, tpm (0: no such limit), the TTL
 * for new counters (ms). Refuses (0) without counting when the key is over either limit; else counts the request and
 * allows (1). Atomic, so gateways sharing the counters never let more than rpm requests through between them.
 */
const TAKE: RedisScript = {
  numberOfKeys: 1,
  lua: `
local counts = redis.call('HMGET', KEYS[1], 'r', 't')
local requests = tonumber(counts[1]) or 0
local tokens = tonumber(counts[2]) or 0
local rpm = tonumber(ARGV[1])
local tpm = tonumber(ARGV[2])
if (rpm > 0 and requests >= rpm) or (tpm > 0 and tokens >= tpm) then return 0 end
redis.call('HINCRBY', KEYS[1], 'r', 1)
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 1
`,
};

/** KEYS[1]: the window's counters. ARGV: tokens to add, the TTL for new counters (ms). */
const ADD_TOKENS: RedisScript = {
  numberOfKeys: 1,
  lua: `
redis.call('HINCRBY', KEYS[1], 't', ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
`,
};

/** The scripts as ioredis installs them on the client. */
interface RateLimitCommands {
  mmxRateLimitTake(key: string, rpm: number, tpm: number, ttlMs: number): Promise<number>;
  mmxRateLimitAddTokens(key: string, tokens: number, ttlMs: number): Promise<number>;
}

export interface RedisKeyRateLimiterOptions {
  /** `redis://[user:password@]host[:port][/db]` or `rediss://…` for TLS. */
  url: string;
  /** Prepended to every key (default `modelmux:`). */
  keyPrefix?: string;
  /** Epoch-ms clock that picks the window (default `Date.now`); gateways sharing Redis need synchronised clocks. */
  now?: () => number;
  /** Longest a command may take, waiting for a connection included (default 500 ms). */
  commandTimeoutMs?: number;
  /** Longest a connection attempt may take (default 2000 ms). */
  connectTimeoutMs?: number;
  /** Told about connection errors (at most about one a second while Redis is down); they never throw. */
  onConnectionError?: (error: Error) => void;
}

/**
 * A `KeyRateLimiter` in Redis, shared by several gateway instances. Each key's window is one hash,
 * `<prefix>rl:<key name>:<minute since the epoch>`, holding `r` (requests) and `t` (tokens), and expiring shortly
 * after its window. A request is one atomic script (read both counters, refuse or count): one round trip. Tokens are
 * added after the reply with `HINCRBY`, so several gateways may each let one more request through on a key that
 * just used up its tokens; requests are exact. The wait (Retry-After) is the time left in the window on this
 * gateway's clock.
 *
 * The connection is opened on first use (a gateway whose keys are never used never connects) and behaves as
 * `RedisConnection` says: while Redis is unreachable, every call rejects at once with a `StoreError`
 * (`MMX_STORE_UNAVAILABLE`); what that means for the request is the caller's policy.
 */
export class RedisKeyRateLimiter implements KeyRateLimiter {
  readonly keyPrefix: string;
  readonly #options: RedisKeyRateLimiterOptions;
  readonly #now: () => number;
  #connection: RedisConnection | undefined;
  #closed = false;

  constructor(options: RedisKeyRateLimiterOptions) {
    this.#options = options;
    this.keyPrefix = options.keyPrefix ?? DEFAULT_RATE_LIMIT_KEY_PREFIX;
    this.#now = options.now ?? Date.now;
  }

  /** The Redis key of the counters of key `name` in window `index`. */
  keyOf(name: string, index: number): string {
    return `${this.keyPrefix}rl:${name}:${index}`;
  }

  async take(name: string, limits: KeyLimits): Promise<number | undefined> {
    const now = this.#now();
    const window = rateWindowAt(now);
    const allowed = await this.#run(`check the limits of key '${name}'`, (commands) =>
      commands.mmxRateLimitTake(
        this.keyOf(name, window.index),
        limits.rpm ?? 0,
        limits.tpm ?? 0,
        window.endsAt - now + WINDOW_GRACE_MS,
      ),
    );
    return allowed === 1 ? undefined : window.endsAt - now;
  }

  async addTokens(name: string, tokens: number): Promise<void> {
    if (!(tokens > 0)) return;
    const now = this.#now();
    const window = rateWindowAt(now);
    await this.#run(`count the tokens of key '${name}'`, (commands) =>
      commands.mmxRateLimitAddTokens(
        this.keyOf(name, window.index),
        Math.round(tokens),
        window.endsAt - now + WINDOW_GRACE_MS,
      ),
    );
  }

  close(): Promise<void> {
    this.#closed = true;
    return this.#connection?.close() ?? Promise.resolve();
  }

  #run<T>(action: string, call: (commands: RateLimitCommands) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(storeClosed('Redis rate limiter', action));
    this.#connection ??= this.#connect();
    return this.#connection.run(action, (client) => call(client as unknown as RateLimitCommands));
  }

  #connect(): RedisConnection {
    const options = this.#options;
    return new RedisConnection({
      url: options.url,
      purpose: 'Redis rate limiter',
      commandTimeoutMs: options.commandTimeoutMs ?? DEFAULT_RATE_LIMIT_COMMAND_TIMEOUT_MS,
      ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
      ...(options.onConnectionError === undefined ? {} : { onConnectionError: options.onConnectionError }),
      scripts: { mmxRateLimitTake: TAKE, mmxRateLimitAddTokens: ADD_TOKENS },
    });
  }
}
