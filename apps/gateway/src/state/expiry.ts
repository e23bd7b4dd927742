/** Current time in epoch milliseconds (`Date.now` in production; a fake in tests so expiry needs no waiting). */
export type Clock = () => number;

/** The real clock. */
export const systemClock: Clock = () => Date.now();

/**
 * A `put` TTL in whole milliseconds (at least 1). Fractions of a second are allowed so tests can use short TTLs;
 * anything that is not a positive finite number is a programming error, never stored as "forever".
 */
export function ttlMilliseconds(ttlSeconds: number): number {
  if (typeof ttlSeconds !== 'number' || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(
      `ttlSeconds must be a positive, finite number of seconds (got ${String(ttlSeconds)})`,
    );
  }
  return Math.max(1, Math.round(ttlSeconds * 1000));
}
