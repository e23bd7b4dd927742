import type { IncomingMessage, ServerResponse } from 'node:http';

/** The header that carries the request id on every reply; the AWS SDK reads it into `$metadata.requestId`. */
export const REQUEST_ID_HEADER = 'x-amzn-requestid';

const EVENT_STREAM_HEADERS = { 'content-type': 'application/vnd.amazon.eventstream' } as const;

/**
 * One request and the emulator's reply to it. Every reply carries `x-amzn-requestid`. Tracks whether the emulator
 * cut the connection itself, so that only closes by the client count as such.
 */
export class BedrockExchange {
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
   * Sends a 200 `application/vnd.amazon.eventstream` reply: all frames in one write, or one frame every `delayMs`
   * milliseconds until done or until the client goes away.
   */
  sendEventStream(frames: readonly Uint8Array[], delayMs?: number): void {
    this.response.writeHead(200, { ...EVENT_STREAM_HEADERS, [REQUEST_ID_HEADER]: this.requestId });
    if (delayMs === undefined || delayMs <= 0) {
      this.response.end(Buffer.concat(frames));
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

  /** Starts a 200 event-stream reply, sends `payload`, then destroys the connection. */
  sendEventStreamThenDestroy(payload: Uint8Array): void {
    this.response.writeHead(200, { ...EVENT_STREAM_HEADERS, [REQUEST_ID_HEADER]: this.requestId });
    this.writeThenDestroy(payload);
  }

  /** Starts a 200 JSON reply announcing `fullBody`, sends only its first half, then destroys the connection. */
  sendHalfThenDestroy(fullBody: string): void {
    const bytes = Buffer.from(fullBody);
    this.response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': bytes.length,
      [REQUEST_ID_HEADER]: this.requestId,
    });
    this.writeThenDestroy(bytes.subarray(0, Math.floor(bytes.length / 2)));
  }

  /** Destroys the connection without answering; used when the emulator shuts down. */
  destroy(): void {
    this.destroyedByEmulator = true;
    this.response.destroy();
  }

  private writeThenDestroy(data: Uint8Array): void {
    this.destroyedByEmulator = true;
    this.response.write(data, () => this.response.socket?.destroy());
  }
}
