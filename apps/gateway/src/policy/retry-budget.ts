const SLOTS = 10;

export interface RetryBudgetSettings {
  /** Retries allowed as a share of the requests in the window (0.2: 20% extra). */
  ratio: number;
  /** Retries allowed in every window on top of the share. */
  minRetries: number;
  windowMs: number;
}

/**
 * Caps the retries sent to one target to a share of its requests over a sliding window (ten slots), so that a failing
 * upstream gets at most that much extra load instead of every caller's retries at once.
 */
export class RetryBudget {
  private readonly slotMs: number;
  private readonly stamps = new Float64Array(SLOTS).fill(-1);
  private readonly requests = new Uint32Array(SLOTS);
  private readonly retries = new Uint32Array(SLOTS);

  constructor(private readonly settings: RetryBudgetSettings) {
    this.slotMs = Math.max(1, settings.windowMs / SLOTS);
  }

  /** Counts a first attempt. */
  recordRequest(now: number): void {
    this.requests[this.slotFor(now)]! += 1;
  }

  /** Takes one retry from the budget; false when the window's retries are used up. */
  tryRetry(now: number): boolean {
    const current = this.slotFor(now);
    const oldest = Math.floor(now / this.slotMs) - SLOTS + 1;
    let requests = 0;
    let retries = 0;
    for (let slot = 0; slot < SLOTS; slot++) {
      if (this.stamps[slot]! < oldest) continue;
      requests += this.requests[slot]!;
      retries += this.retries[slot]!;
    }
    if (retries >= this.settings.minRetries + this.settings.ratio * requests) return false;
    this.retries[current]! += 1;
    return true;
  }

  private slotFor(now: number): number {
    const stamp = Math.floor(now / this.slotMs);
    const slot = stamp % SLOTS;
    if (this.stamps[slot] !== stamp) {
      this.stamps[slot] = stamp;
      this.requests[slot] = 0;
      this.retries[slot] = 0;
    }
    return slot;
  }
}
