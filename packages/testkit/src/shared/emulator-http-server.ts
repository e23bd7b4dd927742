import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientCloseWaiters, endedByEmulatorError } from './client-close-waiters.js';

/** What every emulator records of a request: whether the client closed it before the reply finished. */
export interface ClosableRecord {
  closedByClient: boolean;
}

/** One request and its reply, as an emulator answers it. */
export interface FollowedExchange {
  /** True once the emulator finished the reply or cut it on purpose (a scenario), not the client. */
  readonly settledByEmulator: boolean;
  destroy(): void;
}

const DEFAULT_CLIENT_CLOSE_TIMEOUT_MS = 5000;

/**
 * The HTTP side every emulator shares: the server and its origin, the exchanges still open (closed with it, hung ones
 * included), the requests recorded in arrival order, and who ended each exchange — the emulator or the client, which
 * `waitForClientClose` waits for.
 */
export class EmulatorHttpServer<R extends ClosableRecord> {
  /** Every recorded request since the start or the last `clearRequests()`, in arrival order. */
  readonly requests: R[] = [];
  private serverOrigin = '';
  private readonly server: Server;
  private readonly openExchanges = new Set<FollowedExchange>();
  private readonly answered = new WeakSet<R>();
  private readonly closeWaiters = new ClientCloseWaiters();
  private readonly recordRequests: boolean;
  private closing: Promise<void> | undefined;

  constructor(
    handle: (request: IncomingMessage, response: ServerResponse) => void,
    options: { recordRequests?: boolean } = {},
  ) {
    this.server = createServer(handle);
    this.recordRequests = options.recordRequests ?? true;
  }

  /** `http://host:port`, once listening. */
  get origin(): string {
    return this.serverOrigin;
  }

  async listen(host: string, port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    const hostname = address.address.includes(':') ? `[${address.address}]` : address.address;
    this.serverOrigin = `http://${hostname}:${address.port}`;
  }

  /**
   * Keeps `exchange` among the open ones until its response closes; then the request's record (`recordOf()`, known
   * once its body was read) is settled as closed by the client or answered.
   */
  follow(exchange: FollowedExchange, response: ServerResponse, recordOf: () => R | undefined): void {
    this.openExchanges.add(exchange);
    response.once('close', () => {
      this.openExchanges.delete(exchange);
      const record = recordOf();
      if (record !== undefined)
        this.settle(record, !exchange.settledByEmulator && this.closing === undefined);
    });
  }

  /** Appends `record` to `requests`, unless recording is off. */
  record(record: R): void {
    if (this.recordRequests) this.requests.push(record);
  }

  /**
   * Resolves once `requests[requestIndex]` was closed by the client before the reply finished. Rejects when the
   * reply finished first, or after `timeoutMs`.
   */
  waitForClientClose(requestIndex: number, timeoutMs = DEFAULT_CLIENT_CLOSE_TIMEOUT_MS): Promise<void> {
    if (!this.recordRequests) {
      return Promise.reject(
        new Error('waitForClientClose needs recordRequests, which is off for this emulator'),
      );
    }
    const record = this.requests[requestIndex];
    if (record?.closedByClient) return Promise.resolve();
    if (record !== undefined && this.answered.has(record))
      return Promise.reject(endedByEmulatorError(requestIndex));
    return this.closeWaiters.wait(requestIndex, timeoutMs);
  }

  /** Forgets the recorded requests; pending `waitForClientClose` calls reject. */
  clearRequests(): void {
    this.requests.length = 0;
    this.closeWaiters.rejectAll('The emulator was reset');
  }

  /** Closes the server and every open connection, hung ones included. Safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error === undefined ? resolve() : reject(error)));
      for (const exchange of this.openExchanges) exchange.destroy();
      this.server.closeAllConnections();
      this.closeWaiters.rejectAll('The emulator was closed');
    });
    return this.closing;
  }

  private settle(record: R, closedByClient: boolean): void {
    if (!this.recordRequests) return;
    if (closedByClient) record.closedByClient = true;
    else this.answered.add(record);
    if (!this.closeWaiters.isEmpty) this.closeWaiters.settle(this.requests.indexOf(record), closedByClient);
  }
}
