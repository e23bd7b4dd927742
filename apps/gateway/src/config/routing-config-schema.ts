import { z } from 'zod';

/** What an alias may set for its own calls (`[models.<alias>.routing]`); the rest is per target and gateway-wide. */
const callSettingsShape = {
  /** Retries on the same target, on retryable errors only and only before the client got a byte. */
  max_retries: z.int().min(0).max(10),
  /** The first retry waits up to this long (full jitter), doubling for each further retry… */
  backoff_initial_ms: z.int().min(0),
  /** …up to this long. */
  backoff_max_ms: z.int().min(0),
  /** An upstream that asks to be left alone longer than this (Retry-After) is not retried: the next target is tried. */
  max_retry_after_ms: z.int().min(0),
  /**
   * Time allowed per attempt until the upstream's first event (streams) or its whole reply (non-streamed calls, whose
   * first byte comes with the reply).
   */
  first_byte_timeout_ms: z.int().positive(),
  /** Streams: the longest silence allowed between two upstream events. Never a total timeout. */
  idle_timeout_ms: z.int().positive(),
};

export const callSettingsOverrideSchema = z.strictObject(callSettingsShape).partial();

/**
 * `[routing]`: the call policy around every model call — retries with backoff, fallback through an alias's targets,
 * per-attempt timeouts, a retry budget and outlier ejection per target.
 */
export const routingConfigSchema = z.strictObject({
  max_retries: callSettingsShape.max_retries.default(2),
  backoff_initial_ms: callSettingsShape.backoff_initial_ms.default(200),
  backoff_max_ms: callSettingsShape.backoff_max_ms.default(5_000),
  max_retry_after_ms: callSettingsShape.max_retry_after_ms.default(20_000),
  first_byte_timeout_ms: callSettingsShape.first_byte_timeout_ms.default(300_000),
  idle_timeout_ms: callSettingsShape.idle_timeout_ms.default(300_000),
  /** Retries per target are capped at this share of its requests over the window (0.2: at most 20% extra)… */
  retry_budget_ratio: z.number().min(0).max(10).default(0.2),
  /** …plus this many retries per window, so a target with little traffic can still be retried. */
  retry_budget_min_retries: z.int().min(0).default(10),
  retry_budget_window_ms: z.int().positive().default(10_000),
  /** A target that fails this many calls in a row is skipped while other targets are healthy; 0: never. */
  eject_after_failures: z.int().min(0).default(5),
  /** How long an ejected target is skipped; then one call probes it. */
  eject_cooldown_ms: z.int().positive().default(30_000),
});

export type RoutingConfig = z.infer<typeof routingConfigSchema>;
export type CallSettingsOverride = z.infer<typeof callSettingsOverrideSchema>;
