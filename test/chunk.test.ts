import { beforeAll, describe, expect, it } from 'vitest';
import { chunkDocument } from '../ingest/chunk/index.ts';
import type { ParsedDocument, Table } from '../src/model/document.ts';
import { Chunk } from '../src/model/chunk.ts';
import { parsedCorpus } from './helpers/corpus.ts';
import { DOCS, hasPdfs } from './helpers/shared.ts';

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

describe.skipIf(!hasPdfs(DOCS.dr2022))('chunks of a corpus document', () => {
  let doc: ParsedDocument;
  let chunks: Chunk[];
  beforeAll(async () => {
    doc = await parsedCorpus(DOCS.dr2022, 'pdf', { noOcr: true });
    chunks = chunkDocument(doc);
  }, 120_000);

  it('are valid chunks carrying the document metadata', () => {
    expect(chunks.length).toBeGreaterThan(0);
    for (const c of chunks) {
      expect(() => Chunk.parse(c)).not.toThrow();
      expect(c.documentId).toBe(doc.document.id);
      expect(c.title).toBe(doc.document.title);
      expect(c.documentType).toBe(doc.document.documentType);
      expect(c.year).toBe(doc.document.year);
    }
    expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
  });

  it('never cross a section boundary and stay within the section pages', () => {
    const sections = new Map(doc.sections.map((s) => [s.id, s]));
    const text = chunks.filter((c) => c.kind === 'text');
    expect(text.length).toBeGreaterThan(0);
    for (const c of text) {
      const s = sections.get(c.sectionId!)!;
      expect(norm(s.text)).toContain(norm(c.text));
      expect(c.headingPath).toEqual(s.path);
      expect(c.sectionNumber).toBe(s.number);
      for (const p of c.pages) expect(p >= s.pageStart && p <= s.pageEnd).toBe(true);
    }
  });

  it('cover every line of every section', () => {
    for (const s of doc.sections) {
      const mine = chunks.filter((c) => c.sectionId === s.id && c.kind === 'text').map((c) => c.text).join('\n');
      for (const line of s.text.split('\n').filter((l) => /\p{L}{3}/u.test(l))) {
        if (!mine) continue; // a section of a few stray words gives no chunk
        expect(mine).toContain(line.trim());
      }
    }
  });

  it('make one unit per table row, naming each cell by its column header', () => {
    const table = doc.tables.find((t) => t.rows.some((r) => /^Hemvårdsnämnd/.test(r[0] ?? '')));
    expect(table, 'the driftsnämnder table').toBeDefined();
    const row = chunks.find((c) => c.kind === 'row' && c.tableId === table!.id && c.text.includes('Hemvårdsnämnd'))!;
    expect(row).toBeDefined();
    expect(row.text).toContain(table!.caption);
    expect(row.text).toMatch(/Prognos 2[^|]*: -47 699/);
    expect(row.pages).toEqual([table!.rowPages[table!.rows.findIndex((r) => /^Hemvårdsnämnd/.test(r[0] ?? ''))]]);
  });

  it('repeat the caption and header in every block of a table', () => {
    for (const t of doc.tables) {
      const blocks = chunks.filter((c) => c.kind === 'table' && c.tableId === t.id);
      for (const b of blocks) {
        if (t.caption) expect(b.text.startsWith(t.caption.trim())).toBe(true);
        for (const h of t.header) expect(b.text).toContain(h.map((x) => x.trim()).join('\t'));
      }
    }
  });

  it('are the same for the same document model', () => {
    expect(chunkDocument(doc)).toEqual(chunks);
  });
});

describe('chunking without the corpus', () => {
  const table: Table = {
    id: 't1',
    pages: [3, 4],
    caption: 'Driftsbudget (mnkr)',
    sectionId: 's1',
    header: [
      ['Verksamhet', 'Budget', 'Budget'],
      ['', '2023', '2024'],
    ],
    rows: [
      ['Barn', '', ''],
      ['Institutionsvård', '-24,3', '-26,4'],
      ['Kommentar:', '', ''],
      ['Totalt', '-254,7', '-281,6'],
    ],
    rowKinds: ['group', 'data', 'data', 'total'],
    rowPages: [3, 3, 4, 4],
    unit: 'mnkr',
  };
  const long = Array.from({ length: 40 }, (_, i) => `Rad ${i} om socialnämndens ekonomi och verksamhet under året.`).join('\n');
  const doc: ParsedDocument = {
    document: {
      id: 'doc',
      title: 'Nämndplan 2024',
      municipality: 'Enköping',
      committee: 'Socialnämnden',
      documentType: 'nämndplan',
      year: 2024,
      period: null,
      pageCount: 4,
      sha256: '0'.repeat(64),
      tagged: false,
      fileName: 'doc.pdf',
    },
    pages: [],
    sections: [
      { id: 's1', number: '5.1', heading: 'Budget', level: 2, path: ['5 Ekonomi', '5.1 Budget'], pageStart: 2, pageEnd: 3, text: long },
      { id: 's2', number: null, heading: 'Kort', level: 1, path: ['Kort'], pageStart: 4, pageEnd: 4, text: 'Ett kort avsnitt om fältverksamhet i Enköping.' },
    ],
    tables: [table],
    figures: [],
  };
  const chunks = chunkDocument(doc);

  it('splits a long section into overlapping passages so that no sentence is only cut', () => {
    const text = chunks.filter((c) => c.sectionId === 's1' && c.kind === 'text');
    expect(text.length).toBeGreaterThan(1);
    for (let i = 1; i < text.length; i++) {
      const prevLast = text[i - 1]!.text.split('\n').at(-1)!;
      expect(text[i]!.text).toContain(prevLast);
    }
    for (const line of long.split('\n')) expect(text.some((c) => c.text.includes(line))).toBe(true);
    expect(text[0]!.pages[0]).toBe(2);
    expect(text.at(-1)!.pages.at(-1)).toBe(3);
  });

  it('names rows under their group and column headers, and skips rows without values', () => {
    const rows = chunks.filter((c) => c.kind === 'row');
    expect(rows.map((r) => r.text.split('\n')[1])).toEqual([
      'Barn › Institutionsvård | Budget 2023: -24,3 | Budget 2024: -26,4',
      'Totalt | Budget 2023: -254,7 | Budget 2024: -281,6',
    ]);
    expect(rows[1]!.pages).toEqual([4]);
    expect(rows[0]!.headingPath).toEqual(['5 Ekonomi', '5.1 Budget']);
    expect(rows[0]!.context).toContain('mnkr');
  });
});
