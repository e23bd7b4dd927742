/** Rate limits count in fixed one-minute windows aligned on the clock's minutes. */
export const RATE_WINDOW_MS = 60_000;

/** The window an instant falls in. */
export interface RateWindow {
  /** Which minute since the epoch: the same number on every gateway whose clock agrees. */
  index: number;
  /** When the window starts (epoch ms). */
  startsAt: number;
  /** When the next one starts (epoch ms): a refused key may retry then. */
  endsAt: number;
}

/** The window `now` (epoch ms) falls in. */
export function rateWindowAt(now: number): RateWindow {
  const index = Math.floor(now / RATE_WINDOW_MS);
  const startsAt = index * RATE_WINDOW_MS;
  return { index, startsAt, endsAt: startsAt + RATE_WINDOW_MS };
}
