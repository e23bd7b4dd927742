export { createResponseStore, type ResponseStoreDeps } from './create-response-store.js';
export { type Clock, systemClock, ttlMilliseconds } from './expiry.js';
export {
  DEFAULT_MEMORY_MAX_RECORDS,
  MemoryResponseStore,
  type MemoryResponseStoreOptions,
} from './memory-response-store.js';
export {
  DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
  DEFAULT_REDIS_CONNECT_TIMEOUT_MS,
  DEFAULT_REDIS_KEY_PREFIX,
  RedisResponseStore,
  type RedisResponseStoreOptions,
} from './redis-response-store.js';
export type { ResponseStore, StoredResponse } from './response-store.js';
export {
  applyMigrations,
  type MigrationResult,
  RESPONSE_STORE_MIGRATIONS,
  type SqliteMigration,
  schemaVersion,
} from './sqlite-migrations.js';
export {
  DEFAULT_SQLITE_PURGE_INTERVAL_MS,
  SqliteResponseStore,
  type SqliteResponseStoreOptions,
} from './sqlite-response-store.js';
