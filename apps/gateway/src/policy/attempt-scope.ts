import { UpstreamTransportError } from '@modelmux/core';
import type { ClientWatch } from './client-watch.js';

/**
 * One attempt of a model call: its own abort signal (fired when the client goes away or a timeout expires), the
 * time-to-first-byte timer, and afterwards — for streams — the idle timer, which only runs while the gateway is
 * waiting for the upstream's next event (a slow client is not a silent upstream).
 */
export class AttemptScope {
  private readonly controller = new AbortController();
  readonly signal: AbortSignal = this.controller.signal;
  /** Set when a timeout ended the attempt; the attempt's failure is reported as this. */
  timeoutError: UpstreamTransportError | undefined;
  private timer: NodeJS.Timeout | undefined;
  private waiting = false;
  private idleMs = 0;
  private readonly onClientGone = (): void => this.controller.abort(this.client.reason);

  constructor(
    private readonly client: ClientWatch,
    private readonly target: { providerId: string; modelId: string },
    firstByteTimeoutMs: number,
  ) {
    if (client.aborted) {
      this.controller.abort(client.reason);
      return;
    }
    client.watch(this.onClientGone);
    this.timer = setTimeout(
      () => this.expire(`no reply within ${firstByteTimeoutMs} ms`),
      firstByteTimeoutMs,
    );
    this.timer.unref();
  }

  /** The first event (or the whole reply) arrived: from now on only silences longer than `idleMs` end the attempt. */
  firstByteArrived(idleMs = 0): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (idleMs <= 0 || this.signal.aborted) return;
    this.idleMs = idleMs;
    this.timer = setTimeout(() => {
      if (this.waiting) this.expire(`no event for ${this.idleMs} ms`);
    }, idleMs);
    this.timer.unref();
  }

  /** The gateway starts waiting for the upstream's next event. */
  waitingForEvent(): void {
    this.waiting = true;
    this.timer?.refresh();
  }

  eventArrived(): void {
    this.waiting = false;
  }

  /** The attempt is over: timers stop and the client's abort no longer concerns it. */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.client.unwatch(this.onClientGone);
  }

  private expire(what: string): void {
    this.timeoutError = new UpstreamTransportError({
      code: 'MMX_UPSTREAM_TIMEOUT',
      message: `The upstream timed out: ${what}.`,
      providerId: this.target.providerId,
      modelId: this.target.modelId,
    });
    this.controller.abort(this.timeoutError);
  }
}
