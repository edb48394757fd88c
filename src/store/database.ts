import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export type Database = BetterSqlite3.Database;

/** The one database file in the data directory; documents and the vector index share it, so one transaction covers both. */
export const DATABASE_FILE = 'namndkoll.sqlite';

/**
 * A module's schema as an ordered list of steps. Steps are applied once each, in order, and recorded under
 * `owner` in `schema_migrations`; never edit a step that has shipped, append a new one.
 */
export interface MigrationSet {
  /** A name unique to the module, e.g. `documents` or `vector`. */
  owner: string;
  steps: readonly (string | ((db: Database) => void))[];
}

const registered = new Map<string, MigrationSet>();

/** Registers a module's tables; every later `openDatabase` applies them. Modules may also call `migrate` directly. */
export function registerMigrations(set: MigrationSet): void {
  registered.set(set.owner, set);
}

export interface OpenOptions {
  /** Open an existing database without creating the directory or the file, and without writing. */
  readonly?: boolean;
}

export function databasePath(dataDir: string): string {
  return path.join(path.resolve(dataDir), DATABASE_FILE);
}

/**
 * Opens `<dataDir>/namndkoll.sqlite` and brings every registered schema up to date.
 *
 * WAL: readers (the Slack bot, `search`) go on while an ingest writes, and a transaction is still all or nothing;
 * a process killed mid-transaction leaves only uncommitted WAL frames, which SQLite ignores on the next open.
 */
export function openDatabase(dataDir: string, options: OpenOptions = {}): Database {
  const file = databasePath(dataDir);
  if (!options.readonly) mkdirSync(path.dirname(file), { recursive: true });
  const db = new BetterSqlite3(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      for (const set of registered.values()) migrate(db, set);
    }
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** Applies the steps of `set` that this database has not seen yet, each in its own transaction. */
export function migrate(db: Database, set: MigrationSet): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    owner TEXT NOT NULL,
    step INTEGER NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (owner, step)
  ) WITHOUT ROWID`);
  const done = db.prepare('SELECT step FROM schema_migrations WHERE owner = ?').pluck().all(set.owner) as number[];
  const seen = new Set(done);
  const record = db.prepare('INSERT INTO schema_migrations (owner, step, applied_at) VALUES (?, ?, ?)');
  set.steps.forEach((step, i) => {
    if (seen.has(i)) return;
    db.transaction(() => {
      if (typeof step === 'string') db.exec(step);
      else step(db);
      record.run(set.owner, i, new Date().toISOString());
    })();
  });
}
