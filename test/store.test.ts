import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePdf } from '../ingest/parse.ts';
import type { Figure, ParsedDocument, Table } from '../src/model/document.ts';
import { databasePath, migrate, openDatabase } from '../src/store/database.ts';
import { documentMigrations } from '../src/store/documents/schema.ts';
import { DocumentStore } from '../src/store/documents/store.ts';
import { fixture, tempDir } from './helpers/store.ts';

// A real parse of a real PDF, with the budget table of Enköping's nämndplan (p. 10) added as the table stage would
// give it, so that the store is tested on tables and figures whatever state the table stages are in.
let base: ParsedDocument;
beforeAll(async () => {
  base = await parsePdf(fixture('enkoping-p1-3.pdf'));
});

function withBudgetTable(doc: ParsedDocument, rows: [string, ...string[]][] = BUDGET_ROWS): ParsedDocument {
  const id = doc.document.id;
  const header = [
    ['Verksamhet (Mnkr)', 'Bokslut 2022', 'Prognos 2023 (Oktober)', 'Budget 2023', 'Förändring budget 23/24', 'Budget 2024'],
  ];
  const table: Table = {
    id: 't1',
    pages: [3],
    caption: 'Budget per verksamhet',
    sectionId: doc.sections[0]?.id ?? null,
    header,
    rows,
    rowKinds: rows.map((r) => (r[0] === 'Totalt' ? 'total' : 'data')),
    rowPages: rows.map(() => 3),
    unit: 'mnkr',
  };
  const figures: Figure[] = rows.flatMap((row, r) =>
    row.slice(1).map((raw, c) => ({
      documentId: id,
      tableId: 't1',
      page: 3,
      row: r,
      col: c + 1,
      value: Number(raw.replace(',', '.').replace('−', '-')),
      unit: 'mnkr',
      rowLabel: [row[0]],
      columnLabel: [header[0]![c + 1]!],
      raw,
      uncertain: null,
    })),
  );
  const sections = doc.sections.length
    ? doc.sections
    : [{ id: 's1', number: '5', heading: 'Budget 2024', level: 1, path: ['Budget 2024'], pageStart: 3, pageEnd: 3, text: 'Budgeten för ekonomiskt bistånd korrigeras nedåt.' }];
  return { ...doc, sections, tables: [table], figures };
}

const BUDGET_ROWS: [string, ...string[]][] = [
  ['Ekonomiskt bistånd, flykting', '-0,5', '0,1', '-1,4', '2,1', '0,7'],
  ['Familjehem BoU egna fam. hem', '-19,8', '-20,4', '-20,4', '-1,4', '-21,8'],
  ['Institutionsvård BoU', '-24,4', '-24,2', '-24,3', '-2,1', '-26,4'],
  ['Totalt', '-254,7', '-260,8', '-273,8', '-7,8', '-281,6'],
];

/** Everything the store holds, for before/after comparisons. */
function snapshot(store: DocumentStore) {
  return { list: store.list().map((d) => ({ ...d, ingestedAt: '' })), all: store.all() };
}

describe('DocumentStore', () => {
  it('stores a parsed document and reads back the same model', () => {
    const store = DocumentStore.open(tempDir());
    const doc = withBudgetTable(base);
    expect(store.save(doc)).toBe('added');
    expect(store.get(doc.document.id)).toEqual(doc);
    expect(store.sections(doc.document.id)).toEqual(doc.sections);
    expect(store.tables(doc.document.id)).toEqual(doc.tables);
    expect(store.figures({ documentId: doc.document.id })).toEqual(doc.figures);
    expect(store.figures({ tableId: 't1' })).toHaveLength(BUDGET_ROWS.length * 5);
    expect(store.figures({ documentId: 'nope' })).toEqual([]);
    expect(store.get('nope')).toBeNull();
    store.close();
  });

  it('summarises stored documents: counts, text sources, OCR confidence, failed pages', () => {
    const store = DocumentStore.open(tempDir());
    const doc = withBudgetTable(base);
    const pages = doc.pages.map((p) =>
      p.number === 2 ? { ...p, textSource: 'ocr' as const, ocrConfidence: 81 } : p.number === 3 ? { ...p, status: 'failed' as const, problem: 'OCR failed: timeout' } : p,
    );
    store.save({ ...doc, pages });
    const [summary] = store.list();
    expect(summary).toMatchObject({
      id: 'enkoping-p1-3',
      pageCount: 3,
      sections: doc.sections.length,
      tables: 1,
      figures: BUDGET_ROWS.length * 5,
      textSources: { 'text-layer': 2, ocr: 1, none: 0 },
      ocrConfidence: 81,
      failedPages: [{ page: 3, problem: 'OCR failed: timeout' }],
    });
    store.close();
  });

  it('keeps figures queryable with SQL', () => {
    const store = DocumentStore.open(tempDir());
    store.save(withBudgetTable(base));
    const total = store.db
      .prepare(
        `SELECT value FROM figures WHERE document_id = ? AND json_extract(row_label, '$[#-1]') = 'Totalt'
           AND json_extract(column_label, '$[#-1]') = 'Budget 2024'`,
      )
      .pluck()
      .get('enkoping-p1-3');
    expect(total).toBe(-281.6);
    store.close();
  });

  it('saves an unchanged document as unchanged and writes nothing', () => {
    const store = DocumentStore.open(tempDir());
    const doc = withBudgetTable(base);
    store.save(doc);
    const before = store.summary(doc.document.id)!.ingestedAt;
    expect(store.save(doc)).toBe('unchanged');
    expect(store.summary(doc.document.id)!.ingestedAt).toBe(before);
    store.close();
  });

  it('replaces a changed document whole', () => {
    const store = DocumentStore.open(tempDir());
    store.save(withBudgetTable(base));
    const changed = withBudgetTable(
      { ...base, document: { ...base.document, sha256: 'b'.repeat(64), pageCount: 2 }, pages: base.pages.slice(0, 2) },
      BUDGET_ROWS.slice(0, 1),
    );
    expect(store.save(changed)).toBe('replaced');
    expect(store.get(changed.document.id)).toEqual(changed);
    expect(store.figures({ documentId: changed.document.id })).toHaveLength(5);
    expect(store.db.prepare('SELECT count(*) FROM pages').pluck().get()).toBe(2);
    expect(store.list()).toHaveLength(1);
    store.close();
  });

  it('removes a document and everything parsed from it', () => {
    const store = DocumentStore.open(tempDir());
    const doc = withBudgetTable(base);
    store.save(doc);
    expect(store.remove(doc.document.id)).toBe(true);
    expect(store.get(doc.document.id)).toBeNull();
    for (const t of ['documents', 'pages', 'sections', 'doc_tables', 'figures']) {
      expect(store.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
    }
    expect(store.remove(doc.document.id)).toBe(false);
    store.close();
  });

  it("keeps the documents' vocabulary with each save, replacement and removal, and fills it in a store made before", () => {
    const dir = tempDir();
    const store = DocumentStore.open(dir);
    const doc = withBudgetTable(base);
    const other = withBudgetTable(
      { ...base, document: { ...base.document, id: 'other', sha256: 'c'.repeat(64) } },
      [['Hemtjänst Väster', '-3,1', '-3,0', '-3,2', '0,1', '-3,3']],
    );
    store.save(doc);
    store.save(other);
    const words = store.lexicon();
    // Folded (ä → a), from table cells, headings and text alike; sorted for the prefix search of src/text/lexicon.ts.
    expect(words).toEqual(expect.arrayContaining(['familjehem', 'institutionsvard', 'hemtjanst', 'vaster', 'budget']));
    expect(words).toEqual([...words].sort());
    const count = (w: string) => store.db.prepare('SELECT documents FROM lexicon WHERE word = ?').pluck().get(w);
    expect(count('budget')).toBe(2);
    expect(count('hemtjanst')).toBe(1);
    // The other document replaced by a version without its row: the row's words go, the shared ones stay.
    store.save({ ...withBudgetTable({ ...base, document: { ...other.document, sha256: 'd'.repeat(64) } }, BUDGET_ROWS.slice(0, 1)) });
    expect(count('hemtjanst')).toBeUndefined();
    expect(count('budget')).toBe(2);
    expect(store.remove('other')).toBe(true);
    expect(count('budget')).toBe(1);
    expect(count('familjehem')).toBe(1);
    const before = store.lexicon();
    // A store from before the lexicon was kept: the migration fills it from the stored rows.
    store.db.exec(`DROP TABLE lexicon; DELETE FROM schema_migrations WHERE owner = 'documents' AND step > 0`);
    store.close();
    const again = DocumentStore.open(dir);
    expect(again.lexicon()).toEqual(before);
    again.close();
  });

  it('persists across reopening, with migrations applied once', () => {
    const dir = tempDir();
    const store = DocumentStore.open(dir);
    store.save(withBudgetTable(base));
    store.close();
    const again = DocumentStore.open(dir);
    expect(again.list().map((d) => d.id)).toEqual(['enkoping-p1-3']);
    expect(again.db.prepare(`SELECT count(*) FROM schema_migrations WHERE owner = 'documents'`).pluck().get()).toBe(documentMigrations.steps.length);
    again.close();
    expect(databasePath(dir)).toBe(path.join(dir, 'namndkoll.sqlite'));
  });

  it('lets another module add its tables to the same database', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    const set = { owner: 'other', steps: ['CREATE TABLE other_items (id TEXT PRIMARY KEY)', 'ALTER TABLE other_items ADD COLUMN n INTEGER'] };
    migrate(db, set);
    migrate(db, set);
    db.prepare('INSERT INTO other_items (id, n) VALUES (?, ?)').run('a', 1);
    expect(db.prepare(`SELECT count(*) FROM schema_migrations WHERE owner = 'other'`).pluck().get()).toBe(2);
    db.close();
  });
});

describe('a failed or interrupted save leaves the store as it was', () => {
  it('a constraint failure half-way (two tables with one id) rolls back the new version', () => {
    const store = DocumentStore.open(tempDir());
    store.save(withBudgetTable(base));
    const before = snapshot(store);
    const good = withBudgetTable({ ...base, document: { ...base.document, sha256: 'c'.repeat(64) } });
    const broken: ParsedDocument = { ...good, tables: [good.tables[0]!, { ...good.tables[0]!, pages: [2] }] };
    expect(() => store.save(broken)).toThrow(/UNIQUE constraint failed/);
    expect(snapshot(store)).toEqual(before);
    store.close();
  });

  it('a broken record (a figure of a table that does not exist) stores nothing of a new document', () => {
    const store = DocumentStore.open(tempDir());
    const doc = withBudgetTable(base);
    const broken = { ...doc, figures: [...doc.figures, { ...doc.figures[0]!, tableId: 't9' }] };
    expect(() => store.save(broken)).toThrow(/FOREIGN KEY constraint failed/);
    expect(store.list()).toEqual([]);
    expect(store.db.prepare('SELECT count(*) FROM figures').pluck().get()).toBe(0);
    store.close();
  });

  it('an async transaction that throws after writing rolls back, including writes of other modules', async () => {
    const store = DocumentStore.open(tempDir());
    migrate(store.db, { owner: 'probe', steps: ['CREATE TABLE probe (document_id TEXT)'] });
    const doc = withBudgetTable(base);
    await expect(
      store.transaction(async () => {
        store.save(doc);
        store.db.prepare('INSERT INTO probe VALUES (?)').run(doc.document.id);
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new Error('embedding server went away');
      }),
    ).rejects.toThrow('embedding server went away');
    expect(store.list()).toEqual([]);
    expect(store.db.prepare('SELECT count(*) FROM probe').pluck().get()).toBe(0);
    expect(store.db.inTransaction).toBe(false);
    store.close();
  });

  it('a process killed in the middle of a save leaves the previous version', () => {
    const dir = tempDir();
    const store = DocumentStore.open(dir);
    store.save(withBudgetTable(base));
    const before = snapshot(store);
    store.close();

    const changed = withBudgetTable({ ...base, document: { ...base.document, sha256: 'd'.repeat(64) } }, BUDGET_ROWS.slice(0, 2));
    const docFile = path.join(dir, 'changed.json');
    writeFileSync(docFile, JSON.stringify(changed));
    const root = path.join(import.meta.dirname, '..');
    const child = spawnSync(process.execPath, [path.join(root, 'bin/run-ts.mjs'), 'test/helpers/kill-mid-save.ts', dir, docFile], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout).toContain('saved, not committed');

    const reopened = DocumentStore.open(dir);
    expect(snapshot(reopened)).toEqual(before);
    reopened.close();
  });
});
