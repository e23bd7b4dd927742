import { StoreError } from '@modelmux/core';
import type { KeyLimits, KeyRateLimiter } from './key-rate-limiter.js';

/**
 * What a request gets when the limiter's store cannot answer: `open` lets it through (keys are still checked, only
 * the limits are not), `closed` refuses it with a 503 (`MMX_STORE_UNAVAILABLE`).
 */
export type RateLimitFailureMode = 'open' | 'closed';

/** Which limiter operation failed. */
export type RateLimitOperation = 'check' | 'count-tokens';

export interface RateLimitGuardOptions {
  limiter: KeyRateLimiter;
  failureMode: RateLimitFailureMode;
  /** Told about every failed operation (a metric, a throttled warning); must not throw. */
  onFailure: (error: unknown, operation: RateLimitOperation) => void;
}

/** The limiter as requests use it, with the failure policy applied. */
export interface RateLimitGuard {
  /** How long the key must wait (ms) when it is over a limit; rejects only in `closed` mode when the store fails. */
  check(name: string, limits: KeyLimits): Promise<number | undefined>;
  /** Counts a finished reply's tokens without waiting; a failure is only reported. */
  countTokens(name: string, tokens: number): void;
  close(): Promise<void>;
}

const CLOSED_MESSAGE = "The gateway cannot check this API key's rate limits right now; retry shortly.";

/** Wraps `limiter` so that its store's failures follow `failureMode` and are reported, never thrown at a reply. */
export function createRateLimitGuard(options: RateLimitGuardOptions): RateLimitGuard {
  const { limiter, failureMode, onFailure } = options;
  const report = (error: unknown, operation: RateLimitOperation) => {
    try {
      onFailure(error, operation);
    } catch {
      // Reporting must never break a request.
    }
  };
  return {
    async check(name, limits) {
      try {
        return await limiter.take(name, limits);
      } catch (error) {
        report(error, 'check');
        if (failureMode === 'open') return undefined;
        // The client gets a generic message; the cause (server address, reason) goes to the logs only.
        throw new StoreError({ message: CLOSED_MESSAGE, cause: error });
      }
    },
    countTokens(name, tokens) {
      if (!(tokens > 0)) return;
      try {
        const pending = limiter.addTokens(name, tokens);
        if (pending !== undefined) pending.catch((error: unknown) => report(error, 'count-tokens'));
      } catch (error) {
        report(error, 'count-tokens');
      }
    },
    close: () => limiter.close(),
  };
}
