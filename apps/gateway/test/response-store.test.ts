import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreError } from '@modelmux/core';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseGatewayConfig, parseGatewayConfigToml } from '../src/config/load-gateway-config.js';
import {
  applyMigrations,
  createResponseStore,
  MemoryResponseStore,
  RESPONSE_STORE_MIGRATIONS,
  RedisResponseStore,
  type ResponseStore,
  type SqliteMigration,
  SqliteResponseStore,
  type StoredResponse,
  schemaVersion,
} from '../src/state/index.js';
import { freePort, type RedisServer, startRedisServer } from './redis-server.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A stored response shaped like what the Responses API keeps. */
function storedResponse(id: string, text = 'Hello!', previousResponseId?: string): StoredResponse {
  const record: StoredResponse = {
    id,
    createdAt: 1_712_345_678,
    response: {
      id,
      object: 'response',
      created_at: 1_712_345_678,
      status: 'completed',
      model: 'fast',
      output: [
        {
          type: 'message',
          id: `msg_${id}`,
          role: 'assistant',
          content: [{ type: 'output_text', text, annotations: [] }],
        },
      ],
      usage: { input_tokens: 3, output_tokens: 2, total_tokens: 5 },
      metadata: {},
    },
    inputItems: [
      { id: `msg_in_${id}`, type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
    ],
  };
  if (previousResponseId !== undefined) record.previousResponseId = previousResponseId;
  return record;
}

/** Awaits `promise`, expecting a `StoreError` with `MMX_STORE_UNAVAILABLE`; returns it. */
async function storeErrorOf(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!StoreError.isInstance(error)) throw new Error(`expected a StoreError, got ${String(error)}`);
  expect(error.code).toBe('MMX_STORE_UNAVAILABLE');
  expect(error.httpStatus).toBe(503);
  return error;
}

/** An epoch-milliseconds clock that moves only when told. */
function fakeClock(start = 1_712_345_678_000) {
  let now = start;
  return {
    now: () => now,
    advance: async (ms: number) => {
      now += ms;
    },
  };
}

let folder: string;
let redis: RedisServer;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'modelmux-response-store-'));
  redis = await startRedisServer();
});

afterAll(async () => {
  await redis?.stop();
  if (folder !== undefined) await rm(folder, { recursive: true, force: true });
});

/** A fresh SQLite file path in the test folder. */
function sqlitePath(): string {
  return join(folder, `${randomUUID()}.sqlite`);
}

interface Harness {
  store: ResponseStore;
  /** Moves time forward: a fake clock for memory and SQLite, real sleeping for Redis (its server keeps time). */
  advance(ms: number): Promise<void>;
}

/** A backend under test; `fakeTime` when `advance` moves a fake clock (exact expiry boundaries can be tested). */
const backends: Array<{ name: string; fakeTime: boolean; open(): Harness }> = [
  {
    name: 'memory',
    fakeTime: true,
    open() {
      const clock = fakeClock();
      return { store: new MemoryResponseStore({ now: clock.now }), advance: clock.advance };
    },
  },
  {
    name: 'sqlite',
    fakeTime: true,
    open() {
      const clock = fakeClock();
      return {
        store: new SqliteResponseStore({ path: sqlitePath(), now: clock.now, purgeIntervalMs: 0 }),
        advance: clock.advance,
      };
    },
  },
  {
    name: 'redis',
    fakeTime: false,
    open() {
      return {
        store: new RedisResponseStore({ url: redis.url, keyPrefix: `test:${randomUUID()}:` }),
        advance: sleep,
      };
    },
  },
];

describe.each(backends)('$name response store: shared behaviour', (backend) => {
  let harness: Harness;
  let store: ResponseStore;

  beforeEach(() => {
    harness = backend.open();
    store = harness.store;
  });

  afterEach(async () => {
    await store.close();
  });

  it('saves a record and reads it back exactly', async () => {
    const first = storedResponse('resp_1');
    const second = storedResponse('resp_2', 'And again', 'resp_1');
    await store.put(first, 60);
    await store.put(second, 60);
    expect(await store.get('resp_1')).toEqual(first);
    expect(await store.get('resp_2')).toEqual(second);
    expect(await store.get('resp_1')).not.toHaveProperty('previousResponseId');
  });

  it('replaces a record saved again under the same id', async () => {
    await store.put(storedResponse('resp_1', 'old', 'resp_0'), 60);
    await store.put(storedResponse('resp_1', 'new'), 60);
    expect(await store.get('resp_1')).toEqual(storedResponse('resp_1', 'new'));
  });

  it('returns undefined for an unknown id', async () => {
    expect(await store.get('resp_unknown')).toBeUndefined();
    expect(await store.get('')).toBeUndefined();
  });

  it('deletes: true the first time, false the second, and the record is gone', async () => {
    await store.put(storedResponse('resp_1'), 60);
    await store.put(storedResponse('resp_2'), 60);
    expect(await store.delete('resp_1')).toBe(true);
    expect(await store.delete('resp_1')).toBe(false);
    expect(await store.get('resp_1')).toBeUndefined();
    expect(await store.get('resp_2')).toEqual(storedResponse('resp_2'));
    expect(await store.delete('resp_never')).toBe(false);
  });

  it('never returns an expired record; deleting one is false; saving again restores it', async () => {
    await store.put(storedResponse('resp_short'), 0.5);
    await store.put(storedResponse('resp_long'), 60);
    expect(await store.get('resp_short')).toBeDefined();
    await harness.advance(700);
    expect(await store.get('resp_short')).toBeUndefined();
    expect(await store.get('resp_long')).toEqual(storedResponse('resp_long'));
    expect(await store.delete('resp_short')).toBe(false);
    await store.put(storedResponse('resp_short'), 60);
    expect(await store.get('resp_short')).toEqual(storedResponse('resp_short'));
  });

  it('saving again restarts the TTL', async () => {
    await store.put(storedResponse('resp_1'), 0.6);
    await harness.advance(300);
    await store.put(storedResponse('resp_1', 'again'), 60);
    await harness.advance(500);
    expect(await store.get('resp_1')).toEqual(storedResponse('resp_1', 'again'));
  });

  // Only a fake clock can hit the boundary to the millisecond; Redis expires keys itself (tested with real TTLs).
  if (backend.fakeTime)
    it('expires exactly at the TTL (fake clock)', async () => {
      await store.put(storedResponse('resp_1'), 10);
      await harness.advance(9_999);
      expect(await store.get('resp_1')).toBeDefined();
      await harness.advance(1);
      expect(await store.get('resp_1')).toBeUndefined();
    });

  it('stores large records (4 MiB of text, 2000 input items)', async () => {
    const big = storedResponse('resp_big', 'x'.repeat(4 * 1024 * 1024));
    big.inputItems = Array.from({ length: 2000 }, (_, index) => ({
      id: `msg_${index}`,
      type: 'message',
      role: index % 2 === 0 ? 'user' : 'assistant',
      content: [{ type: 'input_text', text: `item ${index} `.repeat(20) }],
    }));
    await store.put(big, 60);
    expect(await store.get('resp_big')).toEqual(big);
  });

  it('keeps unicode exactly, in ids and in content', async () => {
    const text =
      'héllo wörld — 你好，世界 — こんにちは — مرحبا — 🚀👩‍👩‍👧‍👦🏳️‍🌈 — NUL:\u0000 — \u2028\u2029 — ' +
      'lone \ud800 surrogate — "quotes" \\ backslash \n\t';
    const record = storedResponse('resp_ünï_🚀', text, 'resp_前の');
    record.response.metadata = { 'ключ 🔑': 'значение', '': 'empty key' };
    await store.put(record, 60);
    const read = await store.get('resp_ünï_🚀');
    expect(read).toEqual(record);
    expect(read?.inputItems[0]?.content).toEqual([{ type: 'input_text', text }]);
  });

  it('hands out copies: changing a saved or read object does not change the store', async () => {
    const record = storedResponse('resp_1');
    await store.put(record, 60);
    record.response.status = 'changed';
    const read = await store.get('resp_1');
    expect(read?.response.status).toBe('completed');
    if (read !== undefined) read.inputItems.length = 0;
    expect((await store.get('resp_1'))?.inputItems).toHaveLength(1);
  });

  it('rejects a TTL that is not a positive, finite number', async () => {
    for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(store.put(storedResponse('resp_1'), ttl)).rejects.toThrow(RangeError);
    }
    expect(await store.get('resp_1')).toBeUndefined();
  });

  it('rejects every operation with a StoreError after close(); close() is idempotent', async () => {
    await store.put(storedResponse('resp_1'), 60);
    await store.close();
    await store.close();
    for (const operation of [
      store.put(storedResponse('resp_2'), 60),
      store.get('resp_1'),
      store.delete('resp_1'),
    ]) {
      expect((await storeErrorOf(operation)).message).toMatch(/closed/);
    }
  });
});

describe('MemoryResponseStore', () => {
  it('is bounded: past maxRecords the least recently saved record is evicted', async () => {
    const store = new MemoryResponseStore({ maxRecords: 3 });
    for (const id of ['a', 'b', 'c']) await store.put(storedResponse(id), 60);
    await store.put(storedResponse('a', 'saved again'), 60);
    await store.put(storedResponse('d'), 60);
    expect(store.size).toBe(3);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toEqual(storedResponse('a', 'saved again'));
    expect(await store.get('c')).toBeDefined();
    expect(await store.get('d')).toBeDefined();
    await store.close();
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new MemoryResponseStore({ maxRecords: 0 })).toThrow(RangeError);
  });
});

describe('SqliteResponseStore', () => {
  /** Opens the file read-only next to the store, runs `query`, closes. */
  function inspect<T>(path: string, query: (db: Database.Database) => T): T {
    const db = new Database(path, { readonly: true });
    try {
      return query(db);
    } finally {
      db.close();
    }
  }

  it('keeps its data across a restart (close, then open the same file again)', async () => {
    const path = join(folder, 'restart', 'nested', 'responses.sqlite');
    const first = new SqliteResponseStore({ path });
    await first.put(storedResponse('resp_1'), 3600);
    await first.put(storedResponse('resp_2', 'second', 'resp_1'), 3600);
    expect(await first.delete('resp_1')).toBe(true);
    await first.close();

    const second = new SqliteResponseStore({ path });
    expect(second.appliedMigrations).toEqual([]);
    expect(await second.get('resp_2')).toEqual(storedResponse('resp_2', 'second', 'resp_1'));
    expect(await second.get('resp_1')).toBeUndefined();
    await second.close();
  });

  it('uses WAL mode, the versioned schema and JSON columns', async () => {
    const path = sqlitePath();
    const store = new SqliteResponseStore({ path });
    expect(store.path).toBe(path);
    expect(store.appliedMigrations).toEqual([1]);
    await store.put(storedResponse('resp_1', 'json'), 60);
    inspect(path, (db) => {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(schemaVersion(db)).toBe(RESPONSE_STORE_MIGRATIONS.length);
      expect(
        db
          .prepare(
            `SELECT json_extract(response, '$.model') AS model, json_array_length(input_items) AS items,
             previous_response_id AS previous FROM responses WHERE id = 'resp_1'`,
          )
          .get(),
      ).toEqual({ model: 'fast', items: 1, previous: null });
    });
    await store.close();
  });

  it('purges expired rows at open and on demand', async () => {
    const path = sqlitePath();
    const clock = fakeClock();
    const store = new SqliteResponseStore({ path, now: clock.now, purgeIntervalMs: 0 });
    await store.put(storedResponse('resp_1'), 10);
    await store.put(storedResponse('resp_2'), 10);
    await store.put(storedResponse('resp_3'), 1000);
    await clock.advance(20_000);
    expect(await store.purgeExpired()).toBe(2);
    await store.put(storedResponse('resp_4'), 10);
    await store.close();
    await clock.advance(20_000);

    const reopened = new SqliteResponseStore({ path, now: clock.now, purgeIntervalMs: 0 });
    expect(inspect(path, (db) => db.prepare('SELECT id FROM responses').all())).toEqual([{ id: 'resp_3' }]);
    await reopened.close();
  });

  it('purges expired rows in the background until close() stops the timer', async () => {
    const path = sqlitePath();
    const clock = fakeClock();
    const store = new SqliteResponseStore({ path, now: clock.now, purgeIntervalMs: 10 });
    await store.put(storedResponse('resp_1'), 1);
    await clock.advance(2000);
    const count = () => inspect(path, (db) => db.prepare('SELECT count(*) AS n FROM responses').get());
    await vi.waitFor(() => expect(count()).toEqual({ n: 0 }), { timeout: 2000, interval: 10 });
    await store.close();
  });

  describe('migrations', () => {
    const addNotes: SqliteMigration = {
      version: 2,
      description: 'add a notes column',
      up: (db) => db.exec('ALTER TABLE responses ADD COLUMN notes TEXT'),
    };

    it('opening a database at version N applies only the missing steps', async () => {
      const path = sqlitePath();
      const v1 = new SqliteResponseStore({ path });
      expect(v1.appliedMigrations).toEqual([1]);
      await v1.put(storedResponse('resp_1'), 60);
      await v1.close();

      const first = vi.fn(RESPONSE_STORE_MIGRATIONS[0]!.up);
      const second = vi.fn(addNotes.up);
      const steps = [
        { ...RESPONSE_STORE_MIGRATIONS[0]!, up: first },
        { ...addNotes, up: second },
      ];
      const v2 = new SqliteResponseStore({ path, migrations: steps });
      expect(v2.appliedMigrations).toEqual([2]);
      expect(first).not.toHaveBeenCalled();
      expect(second).toHaveBeenCalledOnce();
      expect(await v2.get('resp_1')).toEqual(storedResponse('resp_1'));
      await v2.close();

      const again = new SqliteResponseStore({ path, migrations: steps });
      expect(again.appliedMigrations).toEqual([]);
      expect(second).toHaveBeenCalledOnce();
      await again.close();
      inspect(path, (db) => {
        expect(schemaVersion(db)).toBe(2);
        expect(
          db.prepare("SELECT name FROM pragma_table_info('responses') WHERE name = 'notes'").get(),
        ).toEqual({
          name: 'notes',
        });
      });
    });

    it('applyMigrations runs steps in order, from the current version', () => {
      const db = new Database(':memory:');
      const ran: number[] = [];
      const steps = [1, 2, 3].map((version) => ({
        version,
        description: `step ${version}`,
        up: () => ran.push(version),
      }));
      expect(applyMigrations(db, steps.slice(0, 1))).toEqual({ from: 0, to: 1, applied: [1] });
      expect(applyMigrations(db, steps)).toEqual({ from: 1, to: 3, applied: [2, 3] });
      expect(applyMigrations(db, steps)).toEqual({ from: 3, to: 3, applied: [] });
      expect(ran).toEqual([1, 2, 3]);
      expect(() => applyMigrations(db, [steps[1]!])).toThrow(/numbered 1, 2, 3/);
      db.close();
    });

    it('a failing step is rolled back and leaves the previous version', async () => {
      const path = sqlitePath();
      const broken: SqliteMigration = {
        version: 2,
        description: 'half-done change',
        up(db) {
          db.exec('CREATE TABLE half_done (x INTEGER)');
          throw new Error('disk full (simulated)');
        },
      };
      const error = await storeErrorOf(
        (async () => new SqliteResponseStore({ path, migrations: [...RESPONSE_STORE_MIGRATIONS, broken] }))(),
      );
      expect(error.message).toContain(path);
      expect(error.message).toMatch(/schema step 2 \(half-done change\) failed: disk full/);
      inspect(path, (db) => {
        expect(schemaVersion(db)).toBe(1);
        expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
      });
    });

    it('refuses a database written by a later version', async () => {
      const path = sqlitePath();
      const db = new Database(path);
      db.pragma('user_version = 99');
      db.close();
      const error = await storeErrorOf((async () => new SqliteResponseStore({ path }))());
      expect(error.message).toMatch(/schema version 99, newer than this modelmux knows \(1\)/);
    });
  });

  it('an unusable path is a StoreError at open that names the path', async () => {
    const file = join(folder, `${randomUUID()}.txt`);
    await writeFile(file, 'not a directory');
    const underFile = join(file, 'sub', 'responses.sqlite');
    const noDirectory = await storeErrorOf((async () => new SqliteResponseStore({ path: underFile }))());
    expect(noDirectory.message).toContain(underFile);
    expect(noDirectory.message).toMatch(/cannot create the directory .*: (ENOTDIR|EEXIST)/);
    expect(noDirectory.cause).toBeInstanceOf(Error);

    const directory = join(folder, `${randomUUID()}.sqlite`);
    await mkdir(directory);
    const isDirectory = await storeErrorOf((async () => new SqliteResponseStore({ path: directory }))());
    expect(isDirectory.message).toMatch(/cannot open the database: unable to open database file/);
  });

  it('a file that is not a database is a StoreError at open', async () => {
    const path = sqlitePath();
    await writeFile(path, 'x'.repeat(4096));
    const error = await storeErrorOf((async () => new SqliteResponseStore({ path }))());
    expect(error.message).toMatch(/cannot open the database: file is not a database/);
  });

  it('operations after close() reject with a StoreError naming the file', async () => {
    const path = sqlitePath();
    const store = new SqliteResponseStore({ path });
    await store.close();
    const error = await storeErrorOf(store.purgeExpired());
    expect(error.message).toBe(
      `SQLite response store (${path}): cannot purge expired responses: the store is closed`,
    );
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('a failure under an open store (table dropped behind it) is a StoreError, never a silent success', async () => {
    const path = sqlitePath();
    const store = new SqliteResponseStore({ path, purgeIntervalMs: 0 });
    const other = new Database(path);
    other.exec('DROP TABLE responses');
    other.close();
    const error = await storeErrorOf(store.put(storedResponse('resp_1'), 60));
    expect(error.message).toMatch(/cannot save response resp_1: /);
    await storeErrorOf(store.get('resp_1'));
    await store.close();
  });
});

describe('RedisResponseStore', () => {
  const raw = () => new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });

  it('keeps one JSON value per response at <prefix>resp:<id>, with the TTL set in Redis', async () => {
    const store = new RedisResponseStore({ url: redis.url });
    expect(store.keyPrefix).toBe('modelmux:');
    expect(store.keyOf('resp_1')).toBe('modelmux:resp:resp_1');
    const prefixed = new RedisResponseStore({ url: redis.url, keyPrefix: 'tenant-a:' });
    const client = raw();
    try {
      const record = storedResponse(`resp_${randomUUID()}`);
      await prefixed.put(record, 120);
      const key = `tenant-a:resp:${record.id}`;
      expect(JSON.parse((await client.get(key)) ?? 'null')).toEqual(record);
      const ttl = await client.pttl(key);
      expect(ttl).toBeGreaterThan(110_000);
      expect(ttl).toBeLessThanOrEqual(120_000);
      expect(await store.get(record.id)).toBeUndefined();
      expect(await prefixed.delete(record.id)).toBe(true);
      expect(await client.exists(key)).toBe(0);
    } finally {
      client.disconnect();
      await store.close();
      await prefixed.close();
    }
  });

  it('two gateways sharing one Redis see each other’s writes and deletes', async () => {
    const keyPrefix = `shared:${randomUUID()}:`;
    const gatewayA = new RedisResponseStore({ url: redis.url, keyPrefix });
    const gatewayB = new RedisResponseStore({ url: redis.url, keyPrefix });
    try {
      await gatewayA.put(storedResponse('resp_1', 'from A'), 60);
      expect(await gatewayB.get('resp_1')).toEqual(storedResponse('resp_1', 'from A'));
      await gatewayB.put(storedResponse('resp_1', 'replaced by B'), 60);
      expect(await gatewayA.get('resp_1')).toEqual(storedResponse('resp_1', 'replaced by B'));
      expect(await gatewayA.delete('resp_1')).toBe(true);
      expect(await gatewayB.get('resp_1')).toBeUndefined();
      expect(await gatewayB.delete('resp_1')).toBe(false);
    } finally {
      await gatewayA.close();
      await gatewayB.close();
    }
  });

  it('a corrupt stored value is a StoreError', async () => {
    const keyPrefix = `corrupt:${randomUUID()}:`;
    const store = new RedisResponseStore({ url: redis.url, keyPrefix });
    const client = raw();
    try {
      await client.set(`${keyPrefix}resp:resp_1`, '{"id": "resp_1", "trunc');
      await client.set(`${keyPrefix}resp:resp_2`, '{"id": "resp_2"}');
      expect((await storeErrorOf(store.get('resp_1'))).message).toMatch(/stored value is corrupt/);
      expect((await storeErrorOf(store.get('resp_2'))).message).toMatch(/createdAt/);
    } finally {
      client.disconnect();
      await store.close();
    }
  });

  it('close() quits its connection', async () => {
    const client = raw();
    const clients = async () => Number(/connected_clients:(\d+)/.exec(await client.info('clients'))?.[1]);
    try {
      const before = await clients();
      const store = new RedisResponseStore({ url: redis.url, keyPrefix: `close:${randomUUID()}:` });
      await store.put(storedResponse('resp_1'), 60);
      expect(await clients()).toBe(before + 1);
      await store.close();
      await vi.waitFor(async () => expect(await clients()).toBe(before), { timeout: 2000, interval: 20 });
    } finally {
      client.disconnect();
    }
  });

  it('a server stopped mid-test: the next operations reject fast with a StoreError, then it recovers', async () => {
    const own = await startRedisServer();
    const connectionErrors: Error[] = [];
    const store = new RedisResponseStore({
      url: own.url,
      keyPrefix: 'outage:',
      onConnectionError: (error) => connectionErrors.push(error),
    });
    let restarted: RedisServer | undefined;
    try {
      await store.put(storedResponse('resp_1'), 60);
      expect(await store.get('resp_1')).toBeDefined();
      await own.stop();

      // The first operation waits for the reconnection attempt that fails (~100 ms); later ones fail at once.
      const timings: number[] = [];
      for (const operation of [
        () => store.get('resp_1'),
        () => store.put(storedResponse('resp_2'), 60),
        () => store.delete('resp_1'),
      ]) {
        const started = performance.now();
        const error = await storeErrorOf(operation());
        timings.push(performance.now() - started);
        expect(error.message).toContain(`Redis response store (redis://127.0.0.1:${own.port})`);
        expect(error.cause).toBeInstanceOf(Error);
      }
      expect(timings[0]).toBeLessThan(2500);
      expect(Math.max(...timings.slice(1))).toBeLessThan(500);
      expect((await storeErrorOf(store.get('resp_1'))).message).toMatch(
        /Redis is unreachable: .*ECONNREFUSED/,
      );
      expect(connectionErrors.length).toBeGreaterThan(0);
      expect(connectionErrors.some((error) => /ECONNREFUSED/.test(error.message))).toBe(true);

      // The process is still here; the same port comes back and the store reconnects on its own.
      restarted = await startRedisServer(own.port);
      await vi.waitFor(() => store.put(storedResponse('resp_3'), 60), { timeout: 5000, interval: 100 });
      expect(await store.get('resp_3')).toEqual(storedResponse('resp_3'));
      expect(await store.get('resp_1')).toBeUndefined();
    } finally {
      await store.close();
      await restarted?.stop();
      await own.stop();
    }
  });

  it('a server that accepts connections but never answers: operations end at commandTimeoutMs', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const store = new RedisResponseStore({
      url: `redis://127.0.0.1:${port}`,
      commandTimeoutMs: 300,
      onConnectionError: () => undefined,
    });
    try {
      const started = performance.now();
      const error = await storeErrorOf(store.put(storedResponse('resp_1'), 60));
      expect(performance.now() - started).toBeLessThan(1500);
      expect(error.message).toMatch(/cannot save response resp_1: .*timed out/i);
    } finally {
      await store.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('a server that is not there: the first operation rejects fast; close() still resolves', async () => {
    const port = await freePort();
    const store = new RedisResponseStore({
      url: `redis://:hunter2@127.0.0.1:${port}/0`,
      onConnectionError: () => undefined,
    });
    const started = performance.now();
    const error = await storeErrorOf(store.put(storedResponse('resp_1'), 60));
    expect(performance.now() - started).toBeLessThan(2500);
    expect(error.message).toContain(`redis://:***@127.0.0.1:${port}/0`);
    expect(error.message).not.toContain('hunter2');
    await store.close();
    expect((await storeErrorOf(store.get('resp_1'))).message).toMatch(/closed/);
  });
});

describe('[responses] config and createResponseStore', () => {
  it('defaults to a SQLite file with 30-day retention', () => {
    expect(parseGatewayConfig({}).responses).toEqual({
      store: 'sqlite',
      sqlite_path: './.modelmux/responses.sqlite',
      redis_key_prefix: 'modelmux:',
      retention_seconds: 2_592_000,
      memory_max_records: 10_000,
    });
  });

  it('reads a Redis section with ${ENV} interpolation', () => {
    const config = parseGatewayConfigToml(
      '[responses]\nstore = "redis"\nredis_url = "${REDIS_URL}"\nredis_key_prefix = "gw:"\nretention_seconds = 3600\n',
      { REDIS_URL: 'redis://127.0.0.1:6390/2' },
    );
    expect(config.responses).toMatchObject({
      store: 'redis',
      redis_url: 'redis://127.0.0.1:6390/2',
      redis_key_prefix: 'gw:',
      retention_seconds: 3600,
    });
  });

  it.each([
    ['[responses]\nstore = "redis"\n', 'responses.redis_url', /required when store = "redis"/],
    ['[responses]\nstore = "redis"\nredis_url = "http://x"\n', 'responses.redis_url', /redis:\/\//],
    ['[responses]\nstore = "postgres"\n', 'responses.store', /./],
    ['[responses]\nretention_seconds = 0\n', 'responses.retention_seconds', /./],
    ['[responses]\nsqlite_path = ""\n', 'responses.sqlite_path', /./],
    ['[responses]\nstroe = "memory"\n', 'responses', /stroe/],
  ])('rejects %j naming %s', (text, path, message) => {
    expect(() => parseGatewayConfigToml(text, {})).toThrow(
      expect.objectContaining({
        code: 'MMX_CONFIG_INVALID',
        issues: expect.arrayContaining([
          expect.objectContaining({ path, message: expect.stringMatching(message) }),
        ]),
      }),
    );
  });

  it('builds each kind of store ("none" is no store)', async () => {
    const section = (text: string) => parseGatewayConfigToml(`[responses]\n${text}\n`, {}).responses;
    expect(createResponseStore(section('store = "none"'))).toBeUndefined();

    const clock = fakeClock();
    const memory = createResponseStore(section('store = "memory"\nmemory_max_records = 1'), {
      now: clock.now,
    });
    expect(memory).toBeInstanceOf(MemoryResponseStore);
    await memory?.put(storedResponse('a'), 1);
    await memory?.put(storedResponse('b'), 1);
    expect(await memory?.get('a')).toBeUndefined();
    await clock.advance(1000);
    expect(await memory?.get('b')).toBeUndefined();
    await memory?.close();

    const sqlite = createResponseStore(section('sqlite_path = "data/r.sqlite"'), { baseDir: folder });
    expect(sqlite).toBeInstanceOf(SqliteResponseStore);
    expect((sqlite as SqliteResponseStore).path).toBe(join(folder, 'data', 'r.sqlite'));
    await sqlite?.put(storedResponse('resp_1'), 60);
    await sqlite?.close();

    const keyPrefix = `factory-${randomUUID()}:`;
    const redisStore = createResponseStore(
      section(`store = "redis"\nredis_url = "${redis.url}"\nredis_key_prefix = "${keyPrefix}"`),
    );
    expect(redisStore).toBeInstanceOf(RedisResponseStore);
    expect((redisStore as RedisResponseStore).keyOf('x')).toBe(`${keyPrefix}resp:x`);
    await redisStore?.put(storedResponse('resp_1'), 60);
    expect(await redisStore?.get('resp_1')).toEqual(storedResponse('resp_1'));
    await redisStore?.close();
  });

  it('reports an unusable sqlite_path as a StoreError when building', () => {
    expect(() =>
      createResponseStore(parseGatewayConfig({ responses: { sqlite_path: '/dev/null/r.sqlite' } }).responses),
    ).toThrow(
      expect.objectContaining({
        code: 'MMX_STORE_UNAVAILABLE',
        message: expect.stringContaining('/dev/null'),
      }),
    );
  });
});
