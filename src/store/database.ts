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

/**
 * A connection of its own for short writes from a thread that must not wait (the Slack bot's main thread:
 * de-duplication, feedback). A write that finds the store locked by another connection (an ingest committing) is
 * kept and tried again shortly, in order, instead of blocking the thread for the lock; reads never wait (WAL).
 */
export class QueuedWriter {
  private readonly queue: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly db: Database,
    private readonly retryMs = 200,
  ) {
    db.pragma('busy_timeout = 20');
  }

  /** Runs `write` now when the store is free, else after the writes queued before it. */
  write(write: () => void): void {
    if (this.queue.length === 0 && this.tryRun(write)) return;
    this.queue.push(write);
    this.schedule();
  }

  /** Writes what is queued, waiting for the lock if need be (on shutdown). */
  flush(): void {
    this.db.pragma('busy_timeout = 5000');
    for (const w of this.queue.splice(0)) w();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private tryRun(write: () => void): boolean {
    try {
      write();
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_BUSY') return false;
      throw err;
    }
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      while (this.queue.length && this.tryRun(this.queue[0]!)) this.queue.shift();
      if (this.queue.length) this.schedule();
    }, this.retryMs);
    this.timer.unref();
  }
}
