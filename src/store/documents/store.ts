import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { Figure, ParsedDocument, PageInfo, Section, Table, type DocumentMeta } from '../../model/document.ts';
import { DocumentSummary, type SaveOutcome } from '../../model/store.ts';
import { databasePath, migrate, openDatabase, type Database } from '../database.ts';
import { countDocumentWords, storedLexicon } from './lexicon.ts';
import { documentMigrations } from './schema.ts';

export interface SaveOptions {
  /** The path the file was read from, shown by `list` and used to re-read it. */
  sourcePath?: string | null;
  /** Replace the stored version even when its sha256 is the same (a re-parse with a newer parser). */
  force?: boolean;
}

export interface FigureFilter {
  documentId?: string;
  tableId?: string;
}

const StringList = z.array(z.string());
const StringRows = z.array(z.array(z.string()));
const IntList = z.array(z.number().int());

/**
 * Parsed documents in the SQLite store. A document and everything parsed from it are written in one transaction,
 * so a reader sees either the old version whole or the new one whole. Records read back are validated with the
 * model's zod schemas.
 *
 * One writer per store: everything that writes goes through this connection, one transaction at a time.
 */
export class DocumentStore {
  private readonly inTx = new AsyncLocalStorage<true>();
  private savepoints = 0;

  private constructor(
    /** The SQLite connection; the vector index writes its tables through it, inside the same transactions. */
    readonly db: Database,
    readonly dataDir: string,
  ) {}

  /** Opens (creating when needed) the store in `dataDir`. */
  static open(dataDir: string): DocumentStore {
    const db = openDatabase(dataDir);
    try {
      migrate(db, documentMigrations);
    } catch (err) {
      db.close();
      throw err;
    }
    return new DocumentStore(db, dataDir);
  }

  /** Opens an existing store for reading, or returns null when `dataDir` holds none (nothing ingested yet). */
  static openExisting(dataDir: string): DocumentStore | null {
    if (!existsSync(databasePath(dataDir))) return null;
    return DocumentStore.open(dataDir);
  }

  /**
   * Runs `fn` in one transaction: committed when it returns (or its promise resolves), rolled back when it throws.
   * `fn` may be async (an indexer that embeds chunks); async transactions on this store run one after another.
   * A transaction inside another becomes a savepoint of it.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  transaction<T>(fn: () => T): T;
  transaction<T>(fn: () => T | Promise<T>): T | Promise<T> {
    if (this.inTx.getStore()) return this.nested(fn);
    // Another caller's async transaction is open on this connection: joining it would mix two units of work.
    if (this.db.inTransaction) throw new Error('another transaction is open on this store (one writer at a time)');
    this.db.exec('BEGIN IMMEDIATE');
    return this.settle(
      fn,
      () => this.db.exec('COMMIT'),
      () => {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
      },
    );
  }

  private nested<T>(fn: () => T | Promise<T>): T | Promise<T> {
    const name = `sp${++this.savepoints}`;
    this.db.exec(`SAVEPOINT ${name}`);
    return this.settle(
      fn,
      () => this.db.exec(`RELEASE ${name}`),
      () => {
        if (!this.db.inTransaction) return;
        this.db.exec(`ROLLBACK TO ${name}`);
        this.db.exec(`RELEASE ${name}`);
      },
    );
  }

  /** Runs `fn` (sync or async) inside an open transaction or savepoint, then `done` on success or `undo` on failure. */
  private settle<T>(fn: () => T | Promise<T>, done: () => void, undo: () => void): T | Promise<T> {
    const finish = <V>(value: V): V => {
      try {
        done();
      } catch (err) {
        undo();
        throw err;
      }
      return value;
    };
    let result: T | Promise<T>;
    try {
      result = this.inTx.run(true, fn);
    } catch (err) {
      undo();
      throw err;
    }
    if (!isPromise(result)) return finish(result);
    return result.then(finish, (err: unknown) => {
      undo();
      throw err;
    });
  }

  /** The stored sha256 of a document, or null when it is not stored. */
  storedHash(id: string): string | null {
    return (this.db.prepare('SELECT sha256 FROM documents WHERE id = ?').pluck().get(id) as string | undefined) ?? null;
  }

  /**
   * Stores a parsed document: `unchanged` when the same id is stored with the same sha256 (nothing is written),
   * `replaced` when an older version is stored (it is deleted whole first), otherwise `added`.
   */
  save(doc: ParsedDocument, options: SaveOptions = {}): SaveOutcome {
    const parsed = ParsedDocument.parse(doc);
    const id = parsed.document.id;
    return this.transaction(() => {
      const stored = this.storedHash(id);
      if (stored === parsed.document.sha256 && !options.force) return 'unchanged';
      if (stored !== null) this.delete(id);
      this.insert(parsed, options.sourcePath ?? null);
      countDocumentWords(this.db, id, 1);
      return stored === null ? 'added' : 'replaced';
    });
  }

  private insert(doc: ParsedDocument, sourcePath: string | null): void {
    const d = doc.document;
    const id = d.id;
    this.db
      .prepare(
        `INSERT INTO documents (id, sha256, title, municipality, committee, document_type, year, period, page_count, tagged,
           file_name, source_path, ingested_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, d.sha256, d.title, d.municipality, d.committee, d.documentType, d.year, d.period, d.pageCount,
        d.tagged ? 1 : 0, d.fileName, sourcePath, new Date().toISOString());

    const page = this.db.prepare(
      `INSERT INTO pages (document_id, number, width, height, text_source, ocr_confidence, status, problem, noisy_text)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const p of doc.pages) {
      page.run(id, p.number, p.width, p.height, p.textSource, p.ocrConfidence, p.status, p.problem, p.noisyText ? 1 : 0);
    }

    const section = this.db.prepare(
      `INSERT INTO sections (document_id, ord, id, number, heading, level, path, page_start, page_end, text)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    doc.sections.forEach((s, i) => {
      section.run(id, i, s.id, s.number, s.heading, s.level, JSON.stringify(s.path), s.pageStart, s.pageEnd, s.text);
    });

    const table = this.db.prepare(
      `INSERT INTO doc_tables (document_id, id, ord, pages, first_page, caption, section_id, header, rows, row_kinds, row_pages, unit)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    doc.tables.forEach((t, i) => {
      table.run(id, t.id, i, JSON.stringify(t.pages), t.pages[0]!, t.caption, t.sectionId, JSON.stringify(t.header),
        JSON.stringify(t.rows), JSON.stringify(t.rowKinds), JSON.stringify(t.rowPages), t.unit);
    });

    const figure = this.db.prepare(
      `INSERT INTO figures (document_id, ord, table_id, page, row_index, col_index, value, unit, row_label, column_label, raw, uncertain)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    doc.figures.forEach((f, i) => {
      if (f.documentId !== id) throw new Error(`figure ${i} of ${id} names another document (${f.documentId})`);
      figure.run(id, i, f.tableId, f.page, f.row, f.col, f.value, f.unit, JSON.stringify(f.rowLabel),
        JSON.stringify(f.columnLabel), f.raw, f.uncertain);
    });
  }

  /** Deletes a document and everything parsed from it; false when it was not stored. */
  remove(id: string): boolean {
    return this.transaction(() => this.delete(id));
  }

  private delete(id: string): boolean {
    countDocumentWords(this.db, id, -1);
    return this.db.prepare('DELETE FROM documents WHERE id = ?').run(id).changes > 0;
  }

  /** The folded words the stored documents use, sorted (src/text/lexicon.ts). */
  lexicon(): string[] {
    return storedLexicon(this.db);
  }

  /** The stored documents with page counts per text source, OCR confidence and failed pages, by id. */
  list(): DocumentSummary[] {
    return this.summaries(null);
  }

  /**
   * Every stored document's metadata and count of OCR'd pages, by id: what a question's scope is resolved against.
   * One indexed pass, where `list` counts sections, tables and figures too (seconds at thousands of documents).
   */
  catalogue(): { meta: DocumentMeta; ocrPages: number }[] {
    const rows = this.db
      .prepare(`SELECT d.*, (SELECT count(*) FROM pages p WHERE p.document_id = d.id AND p.text_source = 'ocr') AS ocr_pages FROM documents d ORDER BY id`)
      .all() as (DocumentRow & { ocr_pages: number })[];
    return rows.map((r) => ({ meta: metaOf(r), ocrPages: r.ocr_pages }));
  }

  /** One stored document's summary, or null. */
  summary(id: string): DocumentSummary | null {
    return this.summaries(id)[0] ?? null;
  }

  private summaries(id: string | null): DocumentSummary[] {
    const only = id === null ? '' : 'WHERE d.id = @id';
    const docs = this.db.prepare(`SELECT * FROM documents d ${only} ORDER BY id`).all(id === null ? {} : { id }) as DocumentRow[];
    const counts = new Map(
      (
        this.db
          .prepare(
            `SELECT d.id,
               (SELECT count(*) FROM sections s WHERE s.document_id = d.id) AS sections,
               (SELECT count(*) FROM doc_tables t WHERE t.document_id = d.id) AS tables,
               (SELECT count(*) FROM figures f WHERE f.document_id = d.id) AS figures
             FROM documents d ${only}`,
          )
          .all(id === null ? {} : { id }) as { id: string; sections: number; tables: number; figures: number }[]
      ).map((c) => [c.id, c]),
    );
    const pages = this.db
      .prepare(
        `SELECT document_id, number, text_source, ocr_confidence, status, problem FROM pages
         ${id === null ? '' : 'WHERE document_id = @id'} ORDER BY document_id, number`,
      )
      .all(id === null ? {} : { id }) as Pick<PageRow, 'document_id' | 'number' | 'text_source' | 'ocr_confidence' | 'status' | 'problem'>[];
    const pagesOf = new Map<string, typeof pages>();
    for (const p of pages) {
      const list = pagesOf.get(p.document_id);
      if (list) list.push(p);
      else pagesOf.set(p.document_id, [p]);
    }
    return docs.map((row) => {
      const ps = pagesOf.get(row.id) ?? [];
      const ocr = ps.filter((p) => p.text_source === 'ocr' && p.ocr_confidence !== null);
      const c = counts.get(row.id);
      return DocumentSummary.parse({
        ...metaOf(row),
        sourcePath: row.source_path,
        ingestedAt: row.ingested_at,
        sections: c?.sections ?? 0,
        tables: c?.tables ?? 0,
        figures: c?.figures ?? 0,
        textSources: {
          'text-layer': ps.filter((p) => p.text_source === 'text-layer').length,
          ocr: ps.filter((p) => p.text_source === 'ocr').length,
          none: ps.filter((p) => p.text_source === 'none').length,
        },
        ocrConfidence: ocr.length ? ocr.reduce((sum, p) => sum + p.ocr_confidence!, 0) / ocr.length : null,
        failedPages: ps.filter((p) => p.status === 'failed').map((p) => ({ page: p.number, problem: p.problem ?? '' })),
      });
    });
  }

  /** The stored document as parsed, or null. */
  get(id: string): ParsedDocument | null {
    const row = this.db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined;
    if (!row) return null;
    const pages = (this.db.prepare('SELECT * FROM pages WHERE document_id = ? ORDER BY number').all(id) as PageRow[]).map(pageOf);
    return ParsedDocument.parse({
      document: metaOf(row),
      pages,
      sections: this.sections(id),
      tables: this.tables(id),
      figures: this.figures({ documentId: id }),
    });
  }

  /** Every stored document, by id. */
  all(): ParsedDocument[] {
    const ids = this.db.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as string[];
    return ids.map((id) => this.get(id)!);
  }

  sections(documentId: string): Section[] {
    const rows = this.db.prepare('SELECT * FROM sections WHERE document_id = ? ORDER BY ord').all(documentId) as SectionRow[];
    return rows.map((r) =>
      Section.parse({
        id: r.id,
        number: r.number,
        heading: r.heading,
        level: r.level,
        path: StringList.parse(JSON.parse(r.path)),
        pageStart: r.page_start,
        pageEnd: r.page_end,
        text: r.text,
      }),
    );
  }

  tables(documentId: string): Table[] {
    const rows = this.db.prepare('SELECT * FROM doc_tables WHERE document_id = ? ORDER BY ord').all(documentId) as TableRow[];
    return rows.map((r) =>
      Table.parse({
        id: r.id,
        pages: IntList.parse(JSON.parse(r.pages)),
        caption: r.caption,
        sectionId: r.section_id,
        header: StringRows.parse(JSON.parse(r.header)),
        rows: StringRows.parse(JSON.parse(r.rows)),
        rowKinds: JSON.parse(r.row_kinds),
        rowPages: IntList.parse(JSON.parse(r.row_pages)),
        unit: r.unit,
      }),
    );
  }

  /** Figures in document order, of one document and/or one table (`tableId` alone matches that id in every document). */
  figures(filter: FigureFilter = {}): Figure[] {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.documentId !== undefined) {
      where.push('document_id = ?');
      params.push(filter.documentId);
    }
    if (filter.tableId !== undefined) {
      where.push('table_id = ?');
      params.push(filter.tableId);
    }
    const sql = `SELECT * FROM figures ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY document_id, ord`;
    return (this.db.prepare(sql).all(...params) as FigureRow[]).map((r) =>
      Figure.parse({
        documentId: r.document_id,
        tableId: r.table_id,
        page: r.page,
        row: r.row_index,
        col: r.col_index,
        value: r.value,
        unit: r.unit,
        rowLabel: StringList.parse(JSON.parse(r.row_label)),
        columnLabel: StringList.parse(JSON.parse(r.column_label)),
        raw: r.raw,
        uncertain: r.uncertain,
      }),
    );
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

interface DocumentRow {
  id: string;
  sha256: string;
  title: string;
  municipality: string | null;
  committee: string | null;
  document_type: string;
  year: number | null;
  period: string | null;
  page_count: number;
  tagged: number;
  file_name: string;
  source_path: string | null;
  ingested_at: string;
}

interface PageRow {
  document_id: string;
  number: number;
  width: number;
  height: number;
  text_source: string;
  ocr_confidence: number | null;
  status: string;
  problem: string | null;
  noisy_text: number;
}

interface SectionRow {
  id: string;
  number: string | null;
  heading: string;
  level: number;
  path: string;
  page_start: number;
  page_end: number;
  text: string;
}

interface TableRow {
  id: string;
  pages: string;
  caption: string;
  section_id: string | null;
  header: string;
  rows: string;
  row_kinds: string;
  row_pages: string;
  unit: string | null;
}

interface FigureRow {
  document_id: string;
  table_id: string;
  page: number;
  row_index: number;
  col_index: number;
  value: number;
  unit: string | null;
  row_label: string;
  column_label: string;
  raw: string;
  uncertain: string | null;
}

function metaOf(r: DocumentRow): DocumentMeta {
  return {
    id: r.id,
    title: r.title,
    municipality: r.municipality,
    committee: r.committee,
    documentType: r.document_type as DocumentMeta['documentType'],
    year: r.year,
    period: r.period,
    pageCount: r.page_count,
    sha256: r.sha256,
    tagged: r.tagged === 1,
    fileName: r.file_name,
  };
}

function pageOf(r: PageRow): PageInfo {
  return PageInfo.parse({
    number: r.number,
    width: r.width,
    height: r.height,
    textSource: r.text_source,
    ocrConfidence: r.ocr_confidence,
    status: r.status,
    problem: r.problem,
    noisyText: r.noisy_text === 1,
  });
}
