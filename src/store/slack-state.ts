import { migrate, type QueuedWriter } from './database.ts';

const slackStateMigrations = {
  owner: 'slack-state',
  steps: [
    // Slack event ids, message timestamps and file ids already handled: Slack retries what it thinks was missed,
    // also across a restart of the bot.
    `CREATE TABLE slack_seen (
      key TEXT PRIMARY KEY,
      at TEXT NOT NULL
    ) WITHOUT ROWID`,
    // Which channel (or DM user) shared which document, and who: a shared document belongs to where it was shared.
    `CREATE TABLE slack_uploads (
      document_id TEXT NOT NULL,
      place TEXT NOT NULL,
      user_id TEXT NOT NULL,
      file_id TEXT NOT NULL,
      at TEXT NOT NULL,
      PRIMARY KEY (document_id, place)
    ) WITHOUT ROWID`,
  ],
};

/** Where a document was shared: a channel id, or `dm:<user>` for a direct message. */
export interface Upload {
  documentId: string;
  place: string;
  user: string;
  fileId: string;
}

/**
 * The Slack bot's own records in the store, on its own connection: what it has handled (de-duplication) and who
 * shared which document where. Reads go to the database (WAL: never blocked); writes go through the queued writer.
 */
export class SlackState {
  private readonly recent = new Set<string>();

  constructor(private readonly writer: QueuedWriter) {
    migrate(writer.db, slackStateMigrations);
    // Keys older than a week are of no use: Slack retries within minutes.
    writer.write(() => writer.db.prepare('DELETE FROM slack_seen WHERE at < ?').run(new Date(Date.now() - 7 * 86_400_000).toISOString()));
  }

  /** True the first time a key is offered (in this run or any earlier one), false after. */
  firstTime(key: string): boolean {
    if (this.recent.has(key)) return false;
    if (this.writer.db.prepare('SELECT 1 FROM slack_seen WHERE key = ?').get(key)) return false;
    this.recent.add(key);
    this.writer.write(() => this.writer.db.prepare('INSERT OR IGNORE INTO slack_seen (key, at) VALUES (?, ?)').run(key, new Date().toISOString()));
    return true;
  }

  /** Lets a key be handled again (a file whose ingest failed may be shared or retried). */
  forget(key: string): void {
    this.recent.delete(key);
    this.writer.write(() => this.writer.db.prepare('DELETE FROM slack_seen WHERE key = ?').run(key));
  }

  recordUpload(u: Upload): void {
    this.writer.write(() =>
      this.writer.db
        .prepare('INSERT OR REPLACE INTO slack_uploads (document_id, place, user_id, file_id, at) VALUES (?, ?, ?, ?, ?)')
        .run(u.documentId, u.place, u.user, u.fileId, new Date().toISOString()),
    );
    this.pendingUploads.push(u);
  }

  forgetDocument(documentId: string): void {
    this.pendingUploads = this.pendingUploads.filter((u) => u.documentId !== documentId);
    this.writer.write(() => this.writer.db.prepare('DELETE FROM slack_uploads WHERE document_id = ?').run(documentId));
  }

  /** Every recorded upload, including those still waiting to be written. */
  uploads(): Upload[] {
    const rows = this.writer.db.prepare('SELECT document_id, place, user_id, file_id FROM slack_uploads').all() as Record<string, string>[];
    const stored = rows.map((r) => ({ documentId: r.document_id!, place: r.place!, user: r.user_id!, fileId: r.file_id! }));
    const key = (u: Upload) => `${u.documentId}\u0000${u.place}`;
    const have = new Set(stored.map(key));
    this.pendingUploads = this.pendingUploads.filter((u) => !have.has(key(u)));
    return [...stored, ...this.pendingUploads];
  }

  private pendingUploads: Upload[] = [];
}
