import type { KeyLimits, KeyRateLimiter } from './key-rate-limiter.js';
import { rateWindowAt } from './rate-window.js';

/** One key's use in its current window. */
interface Window {
  index: number;
  endsAt: number;
  requests: number;
  tokens: number;
}

/**
 * A `KeyRateLimiter` in this process: exact for one gateway instance, each instance counting on its own when there
 * are several (use the Redis one then). One entry per key, so memory is bounded by the configured keys.
 */
export class MemoryKeyRateLimiter implements KeyRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number = Date.now) {}

  private window(name: string, now: number): Window {
    let window = this.windows.get(name);
    if (window === undefined || now >= window.endsAt) {
      const { index, endsAt } = rateWindowAt(now);
      window = { index, endsAt, requests: 0, tokens: 0 };
      this.windows.set(name, window);
    }
    return window;
  }

  take(name: string, limits: KeyLimits): number | undefined {
    const now = this.now();
    const window = this.window(name, now);
    const overRequests = limits.rpm !== undefined && window.requests >= limits.rpm;
    const overTokens = limits.tpm !== undefined && window.tokens >= limits.tpm;
    if (overRequests || overTokens) return window.endsAt - now;
    window.requests++;
    return undefined;
  }

  addTokens(name: string, tokens: number): void {
    if (tokens > 0) this.window(name, this.now()).tokens += tokens;
  }

  async close(): Promise<void> {
    this.windows.clear();
  }
}
