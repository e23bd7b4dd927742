import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { StoreError } from '@modelmux/core';
import Database from 'better-sqlite3';
import { type Clock, systemClock, ttlMilliseconds } from './expiry.js';
import type { ResponseStore, StoredResponse } from './response-store.js';
import { applyMigrations, RESPONSE_STORE_MIGRATIONS, type SqliteMigration } from './sqlite-migrations.js';
import { storeClosed, storeUnavailable } from './store-unavailable.js';
import { toStoredResponse } from './stored-response-codec.js';

/** Default period of the background purge of expired rows: 10 minutes. */
export const DEFAULT_SQLITE_PURGE_INTERVAL_MS = 10 * 60_000;

export interface SqliteResponseStoreOptions {
  /**
   * The database file, resolved against the working directory when relative; missing parent directories are
   * created. `:memory:` gives a private in-memory database (nothing survives `close()`).
   */
  path: string;
  /** Epoch-milliseconds clock used for expiry (default `Date.now`). */
  now?: Clock;
  /**
   * How often expired rows are deleted in the background, in milliseconds; `0` turns the timer off (expired rows
   * are still never returned, and are purged at the next open). The timer is `unref()`ed and stopped by `close()`.
   * Default 10 minutes.
   */
  purgeIntervalMs?: number;
  /** How long a write waits for another process holding the file's lock (default 5000 ms). */
  busyTimeoutMs?: number;
  /** The schema steps (default `RESPONSE_STORE_MIGRATIONS`); tests pass more to exercise upgrades. */
  migrations?: readonly SqliteMigration[];
  /** Told when a background purge fails (the next operation reports the problem itself). */
  onPurgeError?: (error: StoreError) => void;
}

interface ResponseRow {
  id: string;
  created_at: number;
  previous_response_id: string | null;
  response: string;
  input_items: string;
}

type PutParameters = [string, number, number, string | null, string, string];

/** The prepared statements, compiled once at open. */
interface Statements {
  put: Database.Statement<PutParameters, void>;
  get: Database.Statement<[string, number], ResponseRow>;
  delete: Database.Statement<[string], { expires_at: number }>;
  purge: Database.Statement<[number], void>;
}

/** Opens (creating) the file and sets the connection up; a failure closes what was opened. */
function openDatabase(path: string, busyTimeoutMs: number): Database.Database {
  const db = new Database(path, { timeout: busyTimeoutMs });
  try {
    // WAL lets readers run alongside the single writer; with it, NORMAL syncs at checkpoints: a committed write
    // survives a crash of the process (an OS crash or power loss may lose the last commits).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The embedded default `ResponseStore`: one SQLite file (via `better-sqlite3`) that survives restarts of a single
 * gateway machine. WAL mode; the schema is versioned with `PRAGMA user_version` and upgraded at open by
 * `applyMigrations`; `response` and `inputItems` are JSON text columns.
 *
 * Expiry: each row has an `expires_at` (epoch ms) and reads only match rows that have not expired, so an expired
 * record is never returned. Expired rows are deleted at open and then every `purgeIntervalMs` by an unref'd timer
 * that `close()` stops; `purgeExpired()` does it on demand.
 *
 * The calls are synchronous (microseconds for small records) behind async methods. Opening throws, and every method
 * rejects with, a `StoreError` (`MMX_STORE_UNAVAILABLE`) naming the file when SQLite or the disk fails, including
 * after `close()`.
 */
export class SqliteResponseStore implements ResponseStore {
  /** The absolute path of the database file (or `:memory:`). */
  readonly path: string;
  /** The schema versions applied at open (empty when the file was current). */
  readonly appliedMigrations: readonly number[];
  readonly #name: string;
  readonly #db: Database.Database;
  readonly #now: Clock;
  readonly #statements: Statements;
  readonly #onPurgeError: ((error: StoreError) => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: SqliteResponseStoreOptions) {
    this.path = options.path === ':memory:' ? ':memory:' : resolve(options.path);
    this.#name = `SQLite response store (${this.path})`;
    this.#now = options.now ?? systemClock;
    this.#onPurgeError = options.onPurgeError;
    if (this.path !== ':memory:') {
      const folder = dirname(this.path);
      try {
        mkdirSync(folder, { recursive: true });
      } catch (error) {
        throw storeUnavailable(this.#name, `create the directory ${folder}`, error);
      }
    }
    let db: Database.Database | undefined;
    try {
      db = openDatabase(this.path, options.busyTimeoutMs ?? 5000);
      this.appliedMigrations = applyMigrations(db, options.migrations ?? RESPONSE_STORE_MIGRATIONS).applied;
      this.#statements = {
        put: db.prepare<PutParameters, void>(
          `INSERT INTO responses (id, created_at, expires_at, previous_response_id, response, input_items)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, expires_at = excluded.expires_at,
             previous_response_id = excluded.previous_response_id, response = excluded.response,
             input_items = excluded.input_items`,
        ),
        get: db.prepare<[string, number], ResponseRow>(
          `SELECT id, created_at, previous_response_id, response, input_items
           FROM responses WHERE id = ? AND expires_at > ?`,
        ),
        delete: db.prepare<[string], { expires_at: number }>(
          'DELETE FROM responses WHERE id = ? RETURNING expires_at',
        ),
        purge: db.prepare<[number], void>('DELETE FROM responses WHERE expires_at <= ?'),
      };
      this.#statements.purge.run(this.#now());
    } catch (error) {
      db?.close();
      throw storeUnavailable(this.#name, 'open the database', error);
    }
    this.#db = db;
    const interval = options.purgeIntervalMs ?? DEFAULT_SQLITE_PURGE_INTERVAL_MS;
    if (interval > 0) {
      this.#timer = setInterval(() => this.#backgroundPurge(), interval);
      this.#timer.unref();
    }
  }

  async put(record: StoredResponse, ttlSeconds: number): Promise<void> {
    const expiresAt = Math.round(this.#now() + ttlMilliseconds(ttlSeconds));
    const response = JSON.stringify(record.response);
    const inputItems = JSON.stringify(record.inputItems);
    this.#run(`save response ${record.id}`, () =>
      this.#statements.put.run(
        record.id,
        record.createdAt,
        expiresAt,
        record.previousResponseId ?? null,
        response,
        inputItems,
      ),
    );
  }

  async get(id: string): Promise<StoredResponse | undefined> {
    return this.#run(`read response ${id}`, () => {
      const row = this.#statements.get.get(id, this.#now());
      if (row === undefined) return undefined;
      return toStoredResponse({
        id: row.id,
        createdAt: row.created_at,
        response: JSON.parse(row.response),
        inputItems: JSON.parse(row.input_items),
        previousResponseId: row.previous_response_id ?? undefined,
      });
    });
  }

  async delete(id: string): Promise<boolean> {
    return this.#run(`delete response ${id}`, () => {
      const row = this.#statements.delete.get(id);
      // An expired row is deleted too, but it counts as "there was none".
      return row !== undefined && row.expires_at > this.#now();
    });
  }

  /** Deletes every expired row now; resolves to how many were deleted. */
  async purgeExpired(): Promise<number> {
    return this.#run('purge expired responses', () => this.#statements.purge.run(this.#now()).changes);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    try {
      this.#db.close();
    } catch (error) {
      throw storeUnavailable(this.#name, 'close the database', error);
    }
  }

  /** Runs one database call, turning any failure (closed store included) into a `StoreError`. */
  #run<T>(action: string, call: () => T): T {
    if (this.#closed) throw storeClosed(this.#name, action);
    try {
      return call();
    } catch (error) {
      throw storeUnavailable(this.#name, action, error);
    }
  }

  #backgroundPurge(): void {
    try {
      this.#run('purge expired responses', () => this.#statements.purge.run(this.#now()));
    } catch (error) {
      this.#onPurgeError?.(error as StoreError);
    }
  }
}
