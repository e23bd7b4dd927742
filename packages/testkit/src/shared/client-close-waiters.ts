interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

/** Pending `waitForClientClose` calls, keyed by request index. */
export class ClientCloseWaiters {
  private readonly waiters = new Map<number, Set<Waiter>>();

  /** Waits until `settle(requestIndex, …)`, `rejectAll` or the timeout, whichever comes first. */
  wait(requestIndex: number, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiters = this.waiters.get(requestIndex) ?? new Set<Waiter>();
      this.waiters.set(requestIndex, waiters);
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        if (waiters.size === 0) this.waiters.delete(requestIndex);
        reject(new Error(`Request ${requestIndex} was not closed by the client within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      waiters.add(waiter);
    });
  }

  /** True when no call is waiting. */
  get isEmpty(): boolean {
    return this.waiters.size === 0;
  }

  /** Resolves the waits for a request the client closed early; rejects them when the reply ended otherwise. */
  settle(requestIndex: number, closedByClient: boolean): void {
    const waiters = this.waiters.get(requestIndex);
    if (waiters === undefined) return;
    this.waiters.delete(requestIndex);
    for (const waiter of waiters) {
      if (closedByClient) waiter.resolve();
      else waiter.reject(endedByEmulatorError(requestIndex));
    }
  }

  /** Rejects every pending wait. */
  rejectAll(reason: string): void {
    for (const waiters of this.waiters.values()) {
      for (const waiter of waiters) waiter.reject(new Error(reason));
    }
    this.waiters.clear();
  }
}

/** The error of a wait for a request whose reply ended (or was cut by the emulator) before the client closed it. */
export function endedByEmulatorError(requestIndex: number): Error {
  return new Error(`Request ${requestIndex} ended on the emulator's side before the client closed it`);
}
