/**
 * Whether the client is still there, and the one party to tell when it leaves: the attempt in progress. Attempts
 * run one at a time, so a single listener slot does, and a request costs no `AbortSignal` and no event-target
 * listener of its own; a signal is made only for the rare wait that needs one (a backoff between retries).
 */
export class ClientWatch {
  aborted = false;
  /** Why the client is gone (an `AbortError`), once it is. */
  reason: unknown;
  private listener: (() => void) | undefined;
  private controller: AbortController | undefined;

  /** The client went away: the listener and the signal (if one was asked for) hear of it, once. */
  leave(reason: unknown = new DOMException('This operation was aborted', 'AbortError')): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listener = this.listener;
    this.listener = undefined;
    listener?.();
    this.controller?.abort(reason);
  }

  /** Calls `listener` when the client leaves, instead of any listener set before. */
  watch(listener: () => void): void {
    this.listener = listener;
  }

  /** Forgets `listener`, if it is still the one set. */
  unwatch(listener: () => void): void {
    if (this.listener === listener) this.listener = undefined;
  }

  /** An AbortSignal that fires when the client leaves (made on first use). */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }
}
