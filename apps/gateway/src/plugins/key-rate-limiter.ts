/** One key's use in the current minute. */
interface Window {
  start: number;
  requests: number;
  tokens: number;
}

const WINDOW_MS = 60_000;

/**
 * Requests and tokens per minute for each gateway API key, kept in this process (fixed one-minute windows). Tokens
 * are counted when a reply is done, so a key over its token budget is refused from its next request until the
 * window ends.
 */
export class KeyRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number = Date.now) {}

  private window(key: string): Window {
    const now = this.now();
    const start = now - (now % WINDOW_MS);
    let window = this.windows.get(key);
    if (window === undefined || window.start !== start) {
      window = { start, requests: 0, tokens: 0 };
      this.windows.set(key, window);
    }
    return window;
  }

  /**
   * Counts a request against `limits`; returns how long to wait (ms) when the key is over a limit (the request is then
   * not counted), undefined when it may go ahead.
   */
  take(key: string, limits: { rpm?: number; tpm?: number }): number | undefined {
    const window = this.window(key);
    const overRequests = limits.rpm !== undefined && window.requests >= limits.rpm;
    const overTokens = limits.tpm !== undefined && window.tokens >= limits.tpm;
    if (overRequests || overTokens) return window.start + WINDOW_MS - this.now();
    window.requests++;
    return undefined;
  }

  /** Adds the tokens a finished reply used. */
  addTokens(key: string, tokens: number): void {
    if (tokens > 0) this.window(key).tokens += tokens;
  }
}
