import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorExchange } from './emulator-exchange.js';
import { type ClosableRecord, EmulatorHttpServer } from './emulator-http-server.js';

interface Recorded extends ClosableRecord {
  path: string;
}

const servers: Array<EmulatorHttpServer<Recorded>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** An emulator in miniature: `/answer…` is answered at once, anything else hangs until the client or `close()`. */
async function start(options: { recordRequests?: boolean } = {}): Promise<EmulatorHttpServer<Recorded>> {
  const http: EmulatorHttpServer<Recorded> = new EmulatorHttpServer(
    (request: IncomingMessage, response: ServerResponse) => {
      const exchange = new EmulatorExchange(request, response, 'req-1');
      let record: Recorded | undefined;
      http.follow(exchange, response, () => record);
      request.resume();
      request.once('end', () => {
        record = { path: request.url ?? '/', closedByClient: false };
        http.record(record);
        if (request.url?.startsWith('/answer')) response.end('ok');
      });
    },
    options,
  );
  servers.push(http);
  await http.listen('127.0.0.1', 0);
  return http;
}

async function arrived(http: EmulatorHttpServer<Recorded>, count: number): Promise<void> {
  while (http.requests.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('EmulatorHttpServer', () => {
  it('listens on a free loopback port and records requests in arrival order', async () => {
    const http = await start();
    expect(http.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${http.origin}/answer`)).text()).toBe('ok');
    await fetch(`${http.origin}/answer?second`);
    expect(http.requests.map((record) => record.path)).toEqual(['/answer', '/answer?second']);
  });

  it('resolves waitForClientClose when the client leaves, before or after the wait began', async () => {
    const http = await start();
    const controller = new AbortController();
    const leaving = fetch(`${http.origin}/hang`, { signal: controller.signal }).catch(() => undefined);
    await arrived(http, 1);
    const waiting = http.waitForClientClose(0);
    controller.abort();
    await waiting;
    await leaving;
    expect(http.requests[0]?.closedByClient).toBe(true);
    await expect(http.waitForClientClose(0)).resolves.toBeUndefined();
  });

  it("rejects waitForClientClose for a request the emulator answered, and after the wait's timeout", async () => {
    const http = await start();
    await fetch(`${http.origin}/answer`);
    await expect(http.waitForClientClose(0)).rejects.toThrow(/ended on the emulator's side/);
    expect(http.requests[0]?.closedByClient).toBe(false);
    await expect(http.waitForClientClose(1, 30)).rejects.toThrow(/not closed by the client within 30 ms/);
  });

  it('clearRequests forgets the records and rejects pending waits', async () => {
    const http = await start();
    await fetch(`${http.origin}/answer`);
    const waiting = http.waitForClientClose(1, 5_000);
    http.clearRequests();
    await expect(waiting).rejects.toThrow(/reset/);
    expect(http.requests).toEqual([]);
  });

  it('keeps no records when recording is off, and says so to waitForClientClose', async () => {
    const http = await start({ recordRequests: false });
    expect(await (await fetch(`${http.origin}/answer`)).text()).toBe('ok');
    expect(http.requests).toEqual([]);
    await expect(http.waitForClientClose(0)).rejects.toThrow(/needs recordRequests/);
  });

  it('close() ends hung exchanges without counting them as closed by the client, and can be called again', async () => {
    const http = await start();
    const hanging = fetch(`${http.origin}/hang`).then(
      (response) => response.text(),
      (error: unknown) => error,
    );
    await arrived(http, 1);
    const waiting = http.waitForClientClose(0);
    await Promise.all([http.close(), http.close()]);
    await expect(waiting).rejects.toThrow(/The emulator was closed/);
    expect(await hanging).toBeInstanceOf(Error);
    expect(http.requests[0]?.closedByClient).toBe(false);
  });
});
