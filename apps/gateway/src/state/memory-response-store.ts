import { type Clock, systemClock, ttlMilliseconds } from './expiry.js';
import type { ResponseStore, StoredResponse } from './response-store.js';
import { storeClosed } from './store-unavailable.js';
import { decodeStoredResponse, encodeStoredResponse } from './stored-response-codec.js';

/** Default bound of a `MemoryResponseStore`. */
export const DEFAULT_MEMORY_MAX_RECORDS = 10_000;

export interface MemoryResponseStoreOptions {
  /** Most records kept; saving one more evicts the least recently saved. Default 10 000. */
  maxRecords?: number;
  /** Epoch-milliseconds clock used for expiry (default `Date.now`). */
  now?: Clock;
}

interface Entry {
  json: string;
  expiresAt: number;
}

const NAME = 'memory response store';

/**
 * A `ResponseStore` in this process's memory: for tests and single-process development. Nothing survives a
 * restart and other gateway instances do not see it. Records are kept as JSON text, so what comes back is a copy
 * with exactly the JSON semantics of the other backends. Bounded: past `maxRecords`, the least recently saved
 * record is evicted. Expired records are dropped when they are read and are never returned.
 */
export class MemoryResponseStore implements ResponseStore {
  readonly #records = new Map<string, Entry>();
  readonly #maxRecords: number;
  readonly #now: Clock;
  #closed = false;

  constructor(options: MemoryResponseStoreOptions = {}) {
    const maxRecords = options.maxRecords ?? DEFAULT_MEMORY_MAX_RECORDS;
    if (!Number.isInteger(maxRecords) || maxRecords < 1) {
      throw new RangeError(`maxRecords must be a positive integer (got ${String(maxRecords)})`);
    }
    this.#maxRecords = maxRecords;
    this.#now = options.now ?? systemClock;
  }

  /** How many records are held, expired ones not yet dropped included. */
  get size(): number {
    return this.#records.size;
  }

  async put(record: StoredResponse, ttlSeconds: number): Promise<void> {
    if (this.#closed) throw storeClosed(NAME, `save response ${record.id}`);
    const entry = {
      json: encodeStoredResponse(record),
      expiresAt: this.#now() + ttlMilliseconds(ttlSeconds),
    };
    // Re-inserting moves a replaced record to the newest end of the Map's insertion order.
    this.#records.delete(record.id);
    this.#records.set(record.id, entry);
    for (const oldest of this.#records.keys()) {
      if (this.#records.size <= this.#maxRecords) break;
      this.#records.delete(oldest);
    }
  }

  async get(id: string): Promise<StoredResponse | undefined> {
    if (this.#closed) throw storeClosed(NAME, `read response ${id}`);
    const entry = this.#live(id);
    return entry === undefined ? undefined : decodeStoredResponse(entry.json);
  }

  async delete(id: string): Promise<boolean> {
    if (this.#closed) throw storeClosed(NAME, `delete response ${id}`);
    const live = this.#live(id) !== undefined;
    this.#records.delete(id);
    return live;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#records.clear();
  }

  /** The entry when it exists and has not expired; an expired one is dropped. */
  #live(id: string): Entry | undefined {
    const entry = this.#records.get(id);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.#now()) return entry;
    this.#records.delete(id);
    return undefined;
  }
}
