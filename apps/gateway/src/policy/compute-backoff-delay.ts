export interface BackoffSettings {
  initialMs: number;
  maxMs: number;
}

/**
 * How long to wait before retry number `retry` (0 for the first): the upstream's own Retry-After when it gave one,
 * otherwise exponential backoff with full jitter (a random wait up to initial × 2^retry, capped).
 */
export function computeBackoffDelay(
  retry: number,
  settings: BackoffSettings,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const ceiling = Math.min(settings.maxMs, settings.initialMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}
