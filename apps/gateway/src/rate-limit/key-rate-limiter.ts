/** The per-minute limits of one gateway API key. */
export interface KeyLimits {
  /** Requests per minute. */
  rpm?: number;
  /** Tokens (input + output) per minute. */
  tpm?: number;
}

/**
 * Counts requests and tokens per minute for each gateway API key (fixed one-minute windows, see `rateWindowAt`).
 * Tokens are counted when a reply is done, so a key over its token budget is refused from its next request until
 * the window ends. The memory limiter answers synchronously; a shared one (Redis) answers with a promise and
 * rejects with a `StoreError` when its store cannot be reached.
 */
export interface KeyRateLimiter {
  /**
   * Counts one request of the key `name` against `limits`: how long to wait (ms, until the window ends) when the key
   * is over a limit — the request is then not counted — or undefined when it may go ahead.
   */
  take(name: string, limits: KeyLimits): number | undefined | Promise<number | undefined>;
  /** Adds the tokens a finished reply of key `name` used to the current window. */
  addTokens(name: string, tokens: number): void | Promise<void>;
  /** Releases what the limiter holds (a connection); idempotent. */
  close(): Promise<void>;
}
