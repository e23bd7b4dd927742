import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A `redis-server` process this test started on 127.0.0.1. */
export interface RedisServer {
  port: number;
  url: string;
  /** Kills the server (SIGKILL: like a crash) and waits for it to exit; idempotent. */
  stop(): Promise<void>;
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * The process id of the Redis server answering on the port (from `INFO server`), or undefined when none answers. The
 * id tells our server from another test's that took the port first.
 */
function serverProcessId(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () => socket.write('INFO server\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (/process_id:\d+\r\n/.test(reply)) socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const id = /process_id:(\d+)\r\n/.exec(reply)?.[1];
      resolve(id === undefined ? undefined : Number(id));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `redis-server` on 127.0.0.1 (on `port`, or a free one), persisting nothing, and resolves once it answers
 * `PING`. Rejects (with its output) when it exits or is not up within 10 s. A free port can be taken by another test
 * process between the check and redis binding it, so without `port` a failed start is tried again on another one.
 */
export async function startRedisServer(port?: number): Promise<RedisServer> {
  if (port !== undefined) return startRedisServerOn(port);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startRedisServerOn(await freePort());
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

async function startRedisServerOn(chosen: number): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'modelmux-redis-'));
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(chosen),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  let spawnError: Error | undefined;
  child.on('error', (error) => {
    spawnError = error;
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && spawnError === undefined)
      child.kill('SIGKILL');
    if (spawnError === undefined) await exited(child);
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while ((await serverProcessId(chosen)) !== child.pid) {
    if (spawnError !== undefined || child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(
        `redis-server did not start on 127.0.0.1:${chosen}: ${spawnError?.message ?? output.trim().slice(-500)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { port: chosen, url: `redis://127.0.0.1:${chosen}`, stop };
}
