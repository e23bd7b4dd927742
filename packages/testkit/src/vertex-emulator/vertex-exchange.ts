import type { IncomingMessage, ServerResponse } from 'node:http';

/** The header that carries the request id on every reply; Anthropic's SDK reads it into `requestID`. */
export const REQUEST_ID_HEADER = 'request-id';

const EVENT_STREAM_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } as const;

/**
 * One request and the emulator's reply to it. Every reply carries `request-id`. Tracks whether the emulator cut
 * the connection itself, so that only closes by the client count as such.
 */
export class VertexExchange {
  private destroyedByEmulator = false;
  private pendingTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    readonly requestId: string,
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
      [REQUEST_ID_HEADER]: this.requestId,
      ...headers,
    });
    this.response.end(body);
  }

  /** Sends a JSON value as a complete reply. */
  sendJson(status: number, value: unknown, headers?: Readonly<Record<string, string>>): void {
    this.send(status, JSON.stringify(value), headers);
  }

  /**
   * Sends a 200 `text/event-stream` reply: all frames in one write, or one frame every `delayMs` milliseconds until
   * done or until the client goes away.
   */
  sendEventStream(frames: readonly string[], delayMs?: number): void {
    this.response.writeHead(200, { ...EVENT_STREAM_HEADERS, [REQUEST_ID_HEADER]: this.requestId });
    if (delayMs === undefined || delayMs <= 0) {
      this.response.end(frames.join(''));
      return;
    }
    let next = 0;
    const writeNext = (): void => {
      if (this.response.destroyed) return;
      const frame = frames[next++];
      if (frame === undefined) {
        this.response.end();
        return;
      }
      this.response.write(frame);
      this.afterDelay(delayMs, writeNext);
    };
    writeNext();
  }

  /** Starts a 200 `text/event-stream` reply, sends `payload`, then destroys the connection. */
  sendEventStreamThenDestroy(payload: string): void {
    this.response.writeHead(200, { ...EVENT_STREAM_HEADERS, [REQUEST_ID_HEADER]: this.requestId });
    this.destroyedByEmulator = true;
    this.response.write(payload, () => this.response.socket?.destroy());
  }

  /** Starts a 200 JSON reply announcing `fullBody`, sends only its first half, then destroys the connection. */
  sendHalfThenDestroy(fullBody: string): void {
    const bytes = Buffer.from(fullBody);
    this.response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': bytes.length,
      [REQUEST_ID_HEADER]: this.requestId,
    });
    this.destroyedByEmulator = true;
    this.response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () =>
      this.response.socket?.destroy(),
    );
  }

  /** Destroys the connection without answering; used when the emulator shuts down. */
  destroy(): void {
    this.destroyedByEmulator = true;
    this.response.destroy();
  }
}
