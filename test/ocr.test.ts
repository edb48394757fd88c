import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkArithmetic } from '../ingest/ocr/arithmetic.ts';
import { needsOcr, ocrPages, type OcrResult } from '../ingest/ocr/pages.ts';
import { harmoniseSpelling } from '../ingest/ocr/spelling.ts';
import { cleanNumericToken } from '../ingest/ocr/words.ts';
import { parsePdf } from '../ingest/parse.ts';
import type { PageContent } from '../ingest/pdf/types.ts';
import type { Figure, ParsedDocument, Table } from '../src/model/document.ts';
import { scoreScanTables, wordRecall } from '../eval/ocr-measure.ts';
import { openAnswerer } from '../src/answer/open.ts';
import { loadEnv } from '../src/config/env.ts';
import { openSearch } from '../src/search/index.ts';
import { DocumentStore } from '../src/store/documents/store.ts';
import { rebuildIndex } from '../src/store/vector/rebuild.ts';
import { loadedFile, parsedFile } from './helpers/corpus.ts';
import { DOCS, SHARED, corpusPdf, hasShared } from './helpers/shared.ts';

describe.skipIf(!hasShared)('OCR of the scanned Enköping plan', () => {
  const scan = corpusPdf(DOCS.enkopingScan);
  const text = corpusPdf(DOCS.enkoping);
  // A fresh cache directory, so that the pages really go through tesseract once; the parse below reuses the output.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'namndkoll-ocr-test-'));
  const savedData = process.env.NAMNDKOLL_DATA;
  let results: OcrResult[];
  let doc: ParsedDocument;
  const progress: string[] = [];

  beforeAll(async () => {
    process.env.NAMNDKOLL_DATA = dataDir;
    results = await ocrPages(scan, Array.from({ length: 12 }, (_, i) => i + 1), (n, total) => progress.push(`${n}/${total}`));
    doc = await parsePdf(scan);
  });
  afterAll(() => {
    if (savedData === undefined) delete process.env.NAMNDKOLL_DATA;
    else process.env.NAMNDKOLL_DATA = savedData;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds the scan pages by their missing text layer, and leaves text pages alone', async () => {
    const scanned = await loadedFile(scan);
    const born = await loadedFile(text);
    const content = (p: (typeof scanned.pages)[number]) => (p.ok ? p.content : null);
    expect(scanned.pages.map(content).every((c) => c && needsOcr(c))).toBe(true);
    expect(born.pages.map(content).some((c) => c && needsOcr(c))).toBe(false);
  });

  it('reads ≥ 95 % of the words of each text-version page on the same page of the scan', async () => {
    const r = await wordRecall(text, results.map((x) => x.content).filter((c): c is PageContent => c !== null));
    console.log(`word recall ${r.recall.toFixed(3)} (${r.found}/${r.total}); per page ${r.pages.map((p) => p.recall.toFixed(2)).join(' ')}`);
    expect(r.recall).toBeGreaterThanOrEqual(0.95);
    expect(progress.at(-1)).toBe('12/12');
  });

  it('gives OCR words as text items in PDF points, on shared baselines', () => {
    const page10 = results.find((r) => r.page === 10)!.content!;
    expect(page10.width).toBeCloseTo(843.12, 0);
    const total = page10.items.find((i) => i.str === 'Totalt')!;
    const sum = page10.items.find((i) => i.str === '-254,7')!;
    expect(total.confidence).toBeGreaterThan(0);
    expect(total.bold).toBe(false);
    expect(total.mcid).toBeNull();
    // On the text version `Totalt` sits on baseline 439.5 at 9 pt.
    expect(Math.abs(total.baseline - 439.5)).toBeLessThan(1.5);
    expect(Math.abs(total.baseline - sum.baseline)).toBeLessThan(0.3 * total.fontSize);
    expect(page10.shapes.length).toBeGreaterThan(10);
  });

  it('stores all 12 pages as OCR with their mean word confidence', () => {
    expect(doc.pages).toHaveLength(12);
    for (const p of doc.pages) {
      expect(p.textSource).toBe('ocr');
      expect(p.status).toBe('ok');
      expect(p.ocrConfidence).toBeGreaterThan(50);
    }
  });

  it("reads the scan's tables with provenance ≥ 0.85 against the text version's ground truth", () => {
    const gt = path.join(SHARED, 'corpus/tables', `${DOCS.enkoping}.json`);
    const score = scoreScanTables(doc, gt, path.join(SHARED, 'eval/tools/score-tables.mjs'));
    console.log(`scan table provenance ${score.provenance.toFixed(3)} (${score.triplesFound}/${score.triples}); tables ${score.tablesFound}/${score.tables}`);
    expect(score.provenance).toBeGreaterThanOrEqual(0.85);
  });

  it('gives the same table figures as the text version', async () => {
    const born = await parsedFile(text);
    const norm = (s: string) => s.toLowerCase().replace(/\s+/g, '');
    const figure = (d: ParsedDocument, row: string, col: string) =>
      d.figures
        .filter((f) => norm(f.rowLabel.at(-1) ?? '') === norm(row) && norm(f.columnLabel.join(' ')).includes(norm(col)))
        .map((f) => ({ page: f.page, value: f.value, unit: f.unit }));
    for (const [row, col] of [
      ['Totalt', 'Budget 2024'],
      ['Ekonomiskt bistånd', 'Budget 2024'],
      ['HME-index (Hållbart medarbetarengagemang)', '2023'],
    ] as const) {
      const want = figure(born, row, col);
      expect(want.length).toBeGreaterThan(0);
      expect(figure(doc, row, col)).toEqual(want);
    }
  });

  it('answers questions about the scan as about the text version', async () => {
    const store = DocumentStore.open(path.join(dataDir, 'answers'));
    const env = loadEnv({ NAMNDKOLL_DATA: path.join(dataDir, 'answers'), LOG_LEVEL: 'silent' });
    const { indexer } = await openSearch(env, store.db);
    store.save(await parsedFile(text));
    store.save(doc);
    await rebuildIndex(store.all(), indexer);
    store.close();
    const opened = (await openAnswerer(env, { offline: true }))!;
    try {
      for (const question of [
        'Enköping: Institutionsvård BoU budget 2024?',
        'Hur många konsulentstödda familjehemsplaceringar BoU budgeteras 2024 i Enköping?',
        'Enköping: HME-index 2023?',
        'Enköping: Kommungemensam verksamhet budget 2024?',
      ]) {
        const fromText = (await opened.answerer.ask(question, { documentIds: [DOCS.enkoping] })).answer;
        const fromScan = (await opened.answerer.ask(question, { documentIds: [DOCS.enkopingScan] })).answer;
        expect(fromText.refused, question).toBe(false);
        expect(fromScan.refused, question).toBe(false);
        expect(fromScan.values[0], question).toEqual(fromText.values[0]);
        expect(fromScan.citations[0]?.document).toBe(DOCS.enkopingScan);
        expect(fromScan.citations[0]?.page).toBe(fromText.citations[0]?.page);
      }
    } finally {
      await opened.knowledge.close();
    }
  });

  it('marks a page it cannot render as failed with the reason, and keeps the others', async () => {
    const r = await ocrPages(scan, [2, 13]);
    expect(r[0]!.error).toBeNull();
    expect(r[0]!.content!.items.length).toBeGreaterThan(20);
    expect(r[1]!.content).toBeNull();
    expect(r[1]!.error).toMatch(/page 13.*12 pages/);
  });

  it('marks every page failed, naming the file, when the file cannot be read', async () => {
    const r = await ocrPages(path.join(dataDir, 'missing.pdf'), [1, 2]);
    expect(r.map((x) => x.error)).toEqual([expect.stringMatching(/missing\.pdf.*ENOENT/), expect.stringMatching(/missing\.pdf/)]);
  });
});

describe('numeric clean-up of OCR tokens', () => {
  it.each([
    ['2O23', '2023'],
    ['1l5', '115'],
    ['−47', '-47'],
    ['–0,5', '-0,5'],
    ['-11.6', '-11,6'],
    ['Och', 'Och'],
    ['O', 'O'],
    ['l0', 'l0'],
    ['2024', '2024'],
    ['f6r', 'f6r'],
  ])('%s → %s', (raw, clean) => expect(cleanNumericToken(raw)).toBe(clean));
});

describe('table arithmetic on OCR reads', () => {
  const table: Table = {
    id: 't1',
    pages: [1],
    caption: 'Driftsredovisning',
    sectionId: null,
    header: [['Verksamhet', 'Budget', 'Utfall', 'Avvikelse']],
    rows: [
      ['Barn', '100,0', '90,0', '10,0'],
      ['Vuxna', '50,0', '55,0', '-5,0'],
      ['Äldre', '30,0', '20,0', '1,0'], // Avvikelse misread: 10,0 printed
      ['Stöd', '20,0', '25,0', '-5,0'],
      ['Summa', '200,0', '190,0', '10,0'],
    ],
    rowKinds: ['data', 'data', 'data', 'data', 'total'],
    rowPages: [1, 1, 1, 1, 1],
    unit: 'mnkr',
  };
  const figures: Figure[] = table.rows.flatMap((row, r) =>
    row.slice(1).map((raw, i) => ({
      documentId: 'd',
      tableId: 't1',
      page: 1,
      row: r,
      col: i + 1,
      value: Number(raw.replace(',', '.')),
      unit: 'mnkr',
      rowLabel: [row[0]!],
      columnLabel: [table.header[0]![i + 1]!],
      raw,
      uncertain: null,
    })),
  );

  it('flags only the cell that breaks both its row (Budget − Utfall = Avvikelse) and its column sum', () => {
    const checked = checkArithmetic(table, figures);
    const flagged = checked.filter((f) => f.uncertain);
    expect(flagged.map((f) => [f.row, f.col])).toEqual([[2, 3]]);
    expect(flagged[0]!.uncertain).toMatch(/Budget − Utfall = 10, but Avvikelse reads 1,0/);
  });

  it('flags nothing where the arithmetic holds', () => {
    const fixed = figures.map((f) => (f.row === 2 && f.col === 3 ? { ...f, raw: '10,0', value: 10 } : f));
    expect(checkArithmetic(table, fixed).every((f) => f.uncertain === null)).toBe(true);
  });
});

describe('table arithmetic without a sum row', () => {
  it('flags the one cell whose lost decimal comma explains the broken difference', () => {
    const rows = [
      ['A', '-1,4', '0,7', '21'], // Förändring printed 2,1
      ['B', '-20,4', '-21,8', '-1,4'],
      ['C', '-12,3', '-16,7', '-4,4'],
      ['D', '-16,2', '-18,6', '-2,4'],
    ];
    const table: Table = {
      id: 't1', pages: [1], caption: '', sectionId: null, header: [['Verksamhet', 'Budget 2023', 'Budget 2024', 'Förändring']],
      rows, rowKinds: rows.map(() => 'data'), rowPages: rows.map(() => 1), unit: null,
    };
    const figures: Figure[] = rows.flatMap((row, r) =>
      row.slice(1).map((raw, i) => ({
        documentId: 'd', tableId: 't1', page: 1, row: r, col: i + 1, value: Number(raw.replace(',', '.')), unit: null,
        rowLabel: [row[0]!], columnLabel: [table.header[0]![i + 1]!], raw, uncertain: null,
      })),
    );
    const flagged = checkArithmetic(table, figures).filter((f) => f.uncertain);
    expect(flagged.map((f) => [f.row, f.col])).toEqual([[0, 3]]);
    expect(flagged[0]!.uncertain).toMatch(/Budget 2024 − Budget 2023 = 2,1, but Förändring reads 21/);
  });
});

describe('Swedish letters restored from the same document', () => {
  const page = (strs: string[]): PageContent => ({
    number: 1, width: 100, height: 100, shapes: [], imageCoverage: 1, struct: null,
    items: strs.map((str) => ({ str, x: 0, baseline: 0, top: 0, w: 1, fontSize: 10, bold: false, fontName: 'ocr', mcid: null, confidence: 90 })),
  });
  const fixed = (strs: string[]) => harmoniseSpelling([page(strs)])[0]!.items.map((i) => i.str);

  it('restores a long word read with its letters elsewhere, keeping case', () => {
    expect(fixed(['Institutionsvard BoU', 'INSTITUTIONSVARD', 'Institutionsvård vuxen'])).toEqual(['Institutionsvård BoU', 'INSTITUTIONSVÅRD', 'Institutionsvård vuxen']);
  });
  it('restores a short word only between the same neighbours', () => {
    expect(fixed(['våld i nara relation', 'i nära relation', 'for dem', 'för att'])).toEqual(['våld i nära relation', 'i nära relation', 'for dem', 'för att']);
  });
  it('does not invent letters the document never shows, nor swap å and ä', () => {
    expect(fixed(['externa stodboenden', 'varje år. Det', 'är det', 'är det', 'är det'])).toEqual(['externa stodboenden', 'varje år. Det', 'är det', 'är det', 'är det']);
  });
  it('undoes an l/i misread only towards a clear majority in the same place', () => {
    expect(fixed(['Pian 2026', 'Plan 2026', 'Plan 2026', 'Plan 2026'])[0]).toBe('Plan 2026');
    expect(fixed(['Pian 2026', 'Plan 2026'])[0]).toBe('Pian 2026');
  });
});
