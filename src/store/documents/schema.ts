import type { MigrationSet } from '../database.ts';
import { fillLexicon } from './lexicon.ts';

/**
 * Documents as normalized tables, so that figures can be queried with SQL (by document, table, page, value).
 * Lists (table header rows, label paths, section paths) are JSON text; `json_each` reaches into them.
 * Everything hangs off `documents` with ON DELETE CASCADE: deleting a document row deletes the whole version.
 */
export const documentMigrations: MigrationSet = {
  owner: 'documents',
  steps: [
    `CREATE TABLE documents (
      id TEXT PRIMARY KEY,
      sha256 TEXT NOT NULL,
      title TEXT NOT NULL,
      municipality TEXT,
      committee TEXT,
      document_type TEXT NOT NULL,
      year INTEGER,
      period TEXT,
      page_count INTEGER NOT NULL,
      tagged INTEGER NOT NULL,
      file_name TEXT NOT NULL,
      source_path TEXT,
      ingested_at TEXT NOT NULL
    );
    CREATE INDEX documents_by_sha256 ON documents (sha256);

    CREATE TABLE pages (
      document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
      number INTEGER NOT NULL,
      width REAL NOT NULL,
      height REAL NOT NULL,
      text_source TEXT NOT NULL,
      ocr_confidence REAL,
      status TEXT NOT NULL,
      problem TEXT,
      noisy_text INTEGER NOT NULL,
      PRIMARY KEY (document_id, number)
    ) WITHOUT ROWID;

    CREATE TABLE sections (
      document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
      ord INTEGER NOT NULL,
      id TEXT NOT NULL,
      number TEXT,
      heading TEXT NOT NULL,
      level INTEGER NOT NULL,
      path TEXT NOT NULL,
      page_start INTEGER NOT NULL,
      page_end INTEGER NOT NULL,
      text TEXT NOT NULL,
      PRIMARY KEY (document_id, ord)
    );
    CREATE INDEX sections_by_id ON sections (document_id, id);

    CREATE TABLE doc_tables (
      document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
      id TEXT NOT NULL,
      ord INTEGER NOT NULL,
      pages TEXT NOT NULL,
      first_page INTEGER NOT NULL,
      caption TEXT NOT NULL,
      section_id TEXT,
      header TEXT NOT NULL,
      rows TEXT NOT NULL,
      row_kinds TEXT NOT NULL,
      row_pages TEXT NOT NULL,
      unit TEXT,
      PRIMARY KEY (document_id, id)
    );

    CREATE TABLE figures (
      document_id TEXT NOT NULL,
      ord INTEGER NOT NULL,
      table_id TEXT NOT NULL,
      page INTEGER NOT NULL,
      row_index INTEGER NOT NULL,
      col_index INTEGER NOT NULL,
      value REAL NOT NULL,
      unit TEXT,
      row_label TEXT NOT NULL,
      column_label TEXT NOT NULL,
      raw TEXT NOT NULL,
      uncertain TEXT,
      PRIMARY KEY (document_id, ord),
      FOREIGN KEY (document_id, table_id) REFERENCES doc_tables (document_id, id) ON DELETE CASCADE
    );
    CREATE INDEX figures_by_table ON figures (document_id, table_id, row_index, col_index);`,
    // The vocabulary of the stored documents (./lexicon.ts), kept with each save and delete.
    `CREATE TABLE lexicon (word TEXT PRIMARY KEY, documents INTEGER NOT NULL) WITHOUT ROWID;`,
    fillLexicon,
  ],
};
