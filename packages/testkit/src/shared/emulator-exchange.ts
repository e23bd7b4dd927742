import type { IncomingMessage, ServerResponse } from 'node:http';

/** How one emulator's replies look where emulators differ. */
export interface EmulatorExchangeStyle {
  /** The header that carries the request id on every reply (`x-request-id`, `request-id`, `x-amzn-requestid`). */
  requestIdHeader: string;
  /** Headers of a streamed reply (`text/event-stream`, `application/vnd.amazon.eventstream`). */
  streamHeaders: Readonly<Record<string, string>>;
}

/** OpenAI's style: `x-request-id`, server-sent events. */
export const OPENAI_EXCHANGE_STYLE: EmulatorExchangeStyle = Object.freeze({
  requestIdHeader: 'x-request-id',
  streamHeaders: Object.freeze({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }),
});

type Frame = string | Uint8Array;

function join(frames: readonly Frame[]): Frame {
  return frames.every((frame) => typeof frame === 'string')
    ? frames.join('')
    : Buffer.concat(frames.map((frame) => (typeof frame === 'string' ? Buffer.from(frame) : frame)));
}

/**
 * One request and an emulator's reply to it, shared by every emulator. Every reply carries the style's request-id
 * header. Tracks whether the emulator cut the connection itself, so that only closes by the client count as such.
 */
export class EmulatorExchange {
  private destroyedByEmulator = false;
  private pendingTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    readonly requestId: string,
    private readonly style: EmulatorExchangeStyle = OPENAI_EXCHANGE_STYLE,
  ) {
    response.once('close', () => {
      if (this.pendingTimer !== undefined) clearTimeout(this.pendingTimer);
    });
  }

  /** True once the reply was sent completely or the emulator cut the connection on purpose. */
  get settledByEmulator(): boolean {
    return this.destroyedByEmulator || this.response.writableFinished;
  }

  /** Runs `action` after `delayMs` milliseconds (right away when 0 or unset), unless the connection closes first. */
  afterDelay(delayMs: number | undefined, action: () => void): void {
    if (delayMs === undefined || delayMs <= 0) {
      action();
      return;
    }
    this.pendingTimer = setTimeout(() => {
      this.pendingTimer = undefined;
      if (!this.response.destroyed) action();
    }, delayMs);
  }

  /** Sends a complete reply; `body` goes out as is. Later headers override earlier ones. */
  send(status: number, body: string, headers?: Readonly<Record<string, string>>): void {
    this.response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      [this.style.requestIdHeader]: this.requestId,
      ...headers,
    });
    this.response.end(body);
  }

  /** Sends a JSON value as a complete reply. */
  sendJson(status: number, value: unknown, headers?: Readonly<Record<string, string>>): void {
    this.send(status, JSON.stringify(value), headers);
  }

  /**
   * Sends a 200 streamed reply: all frames in one write, or one frame every `delayMs` milliseconds until done or
   * until the client goes away.
   */
  sendEventStream(frames: Frame | readonly Frame[], delayMs?: number): void {
    this.response.writeHead(200, {
      ...this.style.streamHeaders,
      [this.style.requestIdHeader]: this.requestId,
    });
    const list: readonly Frame[] =
      typeof frames === 'string' || frames instanceof Uint8Array ? [frames] : frames;
    if (delayMs === undefined || delayMs <= 0) {
      this.response.end(join(list));
      return;
    }
    let next = 0;
    const writeNext = (): void => {
      if (this.response.destroyed) return;
      const frame = list[next++];
      if (frame === undefined) {
        this.response.end();
        return;
      }
      this.response.write(frame);
      this.afterDelay(delayMs, writeNext);
    };
    writeNext();
  }

  /** Starts a 200 streamed reply, sends `payload`, then destroys the connection. */
  sendEventStreamThenDestroy(payload: Frame): void {
    this.response.writeHead(200, {
      ...this.style.streamHeaders,
      [this.style.requestIdHeader]: this.requestId,
    });
    this.writeThenDestroy(payload);
  }

  /** Starts a 200 JSON reply announcing `fullBody`, sends only its first half, then destroys the connection. */
  sendHalfThenDestroy(fullBody: string): void {
    const bytes = Buffer.from(fullBody);
    this.response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': bytes.length,
      [this.style.requestIdHeader]: this.requestId,
    });
    this.writeThenDestroy(bytes.subarray(0, Math.floor(bytes.length / 2)));
  }

  /** Destroys the connection without answering; used when the emulator shuts down. */
  destroy(): void {
    this.destroyedByEmulator = true;
    this.response.destroy();
  }

  private writeThenDestroy(data: Frame): void {
    this.destroyedByEmulator = true;
    this.response.write(data, () => this.response.socket?.destroy());
  }
}
