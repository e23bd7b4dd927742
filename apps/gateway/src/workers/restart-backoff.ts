/** How long the primary waits before restarting a worker that died. */
export interface RestartBackoffOptions {
  /** The first restart's delay. */
  initialDelayMs: number;
  /** The longest delay: doubling stops here. */
  maxDelayMs: number;
  /** A worker that ran at least this long before dying counts as healthy: its next restart waits `initialDelayMs`. */
  healthyAfterMs: number;
}

export const DEFAULT_RESTART_BACKOFF: RestartBackoffOptions = {
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  healthyAfterMs: 60_000,
};

/**
 * The delays before restarting one worker slot: doubling with each death that comes soon after the last start (a crash
 * loop), back to the initial delay after the worker ran healthily for a while.
 */
export class RestartBackoff {
  private quickDeaths = 0;

  constructor(private readonly options: RestartBackoffOptions) {}

  /** The delay before the next restart of a worker that ran `uptimeMs`. */
  nextDelay(uptimeMs: number): number {
    this.quickDeaths = uptimeMs >= this.options.healthyAfterMs ? 1 : this.quickDeaths + 1;
    return Math.min(this.options.maxDelayMs, this.options.initialDelayMs * 2 ** (this.quickDeaths - 1));
  }
}
