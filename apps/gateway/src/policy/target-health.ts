export interface TargetHealthSettings {
  /** Failures in a row that eject the target; 0: never. */
  ejectAfterFailures: number;
  cooldownMs: number;
}

/**
 * Outlier ejection for one target: after `ejectAfterFailures` failed calls in a row it is skipped for the cool-down;
 * then a single call is let through as a probe — a success brings the target back, a failure ejects it again.
 */
export class TargetHealth {
  private consecutiveFailures = 0;
  private ejectedUntil = 0;
  private probing = false;

  constructor(private readonly settings: TargetHealthSettings) {}

  /** Whether a call may go to the target now; the call that ends a cool-down becomes the probe. */
  admit(now: number): boolean {
    if (this.ejectedUntil === 0) return true;
    if (now < this.ejectedUntil || this.probing) return false;
    this.probing = true;
    return true;
  }

  isEjected(now: number): boolean {
    return this.ejectedUntil !== 0 && (now < this.ejectedUntil || this.probing);
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.ejectedUntil = 0;
    this.probing = false;
  }

  /** Returns true when this failure ejects the target. */
  recordFailure(now: number): boolean {
    this.consecutiveFailures += 1;
    this.probing = false;
    const limit = this.settings.ejectAfterFailures;
    if (limit === 0 || this.consecutiveFailures < limit) return false;
    this.ejectedUntil = now + this.settings.cooldownMs;
    return true;
  }

  /** A call ended without telling whether the target is healthy (the client left, the request was refused). */
  release(): void {
    this.probing = false;
  }
}
