import type { Database } from 'better-sqlite3';

/**
 * One step of a SQLite schema: `up` moves a database from `version - 1` to `version`. Steps are never edited once
 * released; a schema change is a new step at the end of the list.
 */
export interface SqliteMigration {
  /** 1 for the first step, then 2, 3, … (the value `PRAGMA user_version` holds once the step ran). */
  readonly version: number;
  /** What the step does, for error messages. */
  readonly description: string;
  /** Runs inside the step's transaction; throwing rolls the whole step back. */
  up(db: Database): void;
}

/** What `applyMigrations` did. */
export interface MigrationResult {
  /** `user_version` before. */
  from: number;
  /** `user_version` after (the last step's version). */
  to: number;
  /** The versions of the steps that ran, in order (empty when the database was current). */
  applied: number[];
}

/** The response store's schema, oldest step first. */
export const RESPONSE_STORE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    description: 'create the responses table',
    up(db) {
      db.exec(`
        CREATE TABLE responses (
          id TEXT PRIMARY KEY,
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          previous_response_id TEXT,
          response TEXT NOT NULL CHECK (json_valid(response)),
          input_items TEXT NOT NULL CHECK (json_valid(input_items))
        ) STRICT;
        CREATE INDEX responses_expires_at ON responses (expires_at);
      `);
    },
  },
];

/** The database's `PRAGMA user_version`. */
export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings `db` to the last step's version by running, in order, only the steps above its `PRAGMA user_version`.
 * Each step and its version bump commit together in one `BEGIN IMMEDIATE` transaction (the version is re-read
 * inside it, so two processes opening the same file never run a step twice); a failing step leaves the database at
 * the previous version. Throws when the list is not numbered 1, 2, 3, … or when the database is newer than the list
 * (written by a later modelmux).
 */
export function applyMigrations(db: Database, migrations: readonly SqliteMigration[]): MigrationResult {
  migrations.forEach((step, index) => {
    if (step.version !== index + 1) {
      throw new Error(`migration steps must be numbered 1, 2, 3, … (step ${index + 1} says ${step.version})`);
    }
  });
  const latest = migrations.length;
  const from = schemaVersion(db);
  if (from > latest) {
    throw new Error(
      `the database has schema version ${from}, newer than this modelmux knows (${latest}); ` +
        'it was written by a later version',
    );
  }
  const applied: number[] = [];
  for (const step of migrations.slice(from)) {
    db.transaction(() => {
      if (schemaVersion(db) >= step.version) return;
      try {
        step.up(db);
      } catch (error) {
        throw new Error(
          `schema step ${step.version} (${step.description}) failed: ${(error as Error).message}`,
          { cause: error },
        );
      }
      db.pragma(`user_version = ${step.version}`);
      applied.push(step.version);
    }).immediate();
  }
  return { from, to: schemaVersion(db), applied };
}
