import { beforeAll, describe, expect, it } from 'vitest';
import { mergeAcrossPages } from '../ingest/tables/merge.ts';
import type { PageTable } from '../ingest/tables/types.ts';
import type { ParsedDocument, Table } from '../src/model/document.ts';
import { parsedCorpus, parsedFile } from './helpers/corpus.ts';
import { DOCS, SHARED, hasPdfs, hasShared } from './helpers/shared.ts';

// Tables continued on the next page become one table; tables that merely follow each other stay apart.
const docs = new Map<string, Promise<ParsedDocument>>();
const parse = (name: string, variant: 'pdf' | 'pdf-untagged' = 'pdf') => {
  const key = `${variant}/${name}`;
  return docs.get(key) ?? docs.set(key, parsedCorpus(name, variant, { noOcr: true })).get(key)!;
};
const tableWith = (doc: ParsedDocument, label: string): Table => {
  const t = doc.tables.find((x) => x.rows.some((r) => r[0] === label));
  if (!t) throw new Error(`no table with a row ${label}`);
  return t;
};

describe.skipIf(!hasPdfs(DOCS.dr2022, DOCS.vp2024, DOCS.enkoping))('cross-page merging on corpus PDFs', () => {
  beforeAll(async () => {
    await Promise.all([parse(DOCS.dr2022), parse(DOCS.vp2024), parse(DOCS.enkoping)]);
  }, 300_000);

  it('joins the delårsrapport forecast table over pp. 33–34 and drops the repeated header', async () => {
    const doc = await parse(DOCS.dr2022);
    const t = tableWith(doc, 'Hemvårdsnämnd');
    expect(t.pages).toEqual([33, 34]);
    expect(t.header).toHaveLength(1);
    expect(t.rows.map((r) => r[0]).slice(0, 3)).toEqual(['Funktionsstödsnämnd', 'Socialnämnd', 'Hemvårdsnämnd']);
    expect(t.rows.filter((r) => r[0] === t.header[0]![0])).toHaveLength(0);
    expect(t.rowPages.slice(0, 3)).toEqual([33, 33, 34]);
    expect(t.rows).toHaveLength(18);
    expect(t.rowPages).toHaveLength(t.rows.length);
    expect(t.rowKinds).toHaveLength(t.rows.length);
    expect(t).toBe(tableWith(doc, 'Justerad avvikelse inkl. Intraprenadernas över och underskott 2022'));
  });

  it('joins VP 2024 `Fem år i sammandrag` over pp. 16–17', async () => {
    const doc = await parse(DOCS.vp2024);
    const t = doc.tables.find((x) => x.header[0]?.[0] === 'Fem år i sammandrag')!;
    expect(t.pages).toEqual([16, 17]);
    expect(t.rows).toHaveLength(37);
    expect(t.rowPages.at(-1)).toBe(17);
    expect(t.rows.at(-1)).toEqual(['- andel pojkar/män', '3', '5', '4', '4', '', '']);
    expect(doc.tables.filter((x) => x.header[0]?.[0] === 'Fem år i sammandrag')).toHaveLength(1);
  });

  it('keeps the VP 2024 `Beslutad åtgärd` tables apart though they share columns, and joins each one’s continuation', async () => {
    const doc = await parse(DOCS.vp2024);
    const actions = doc.tables.filter((t) => /^Beslutad åtgärd \d+$/.test(t.header[0]?.[0] ?? ''));
    expect(actions).toHaveLength(17);
    const third = actions.find((t) => t.header[0]![0] === 'Beslutad åtgärd 3')!;
    expect(third.pages).toEqual([18, 19]);
    expect(third.rows.map((r) => r[0])).toEqual(['Optimal placeringstid av ungdomar i extern vård genom kompletterande öppenvård – ”hemtagningspaket”.', 'Kommentar:']);
  });

  it('keeps the Enköping key-figure tables apart: same header, each under its own heading', async () => {
    const doc = await parse(DOCS.enkoping);
    const keyFigures = doc.tables.filter((t) => t.header[0]?.[0] === 'Nämndens nyckeltal');
    expect(keyFigures.map((t) => t.pages)).toEqual([[3], [3], [4], [4]]);
  });
});

describe.skipIf(!hasShared)('cross-page merging on corpus PDFs beyond samples/pdf', () => {
  beforeAll(async () => {
    await Promise.all([parse(DOCS.vp2016), parse(DOCS.dr2022, 'pdf-untagged')]);
  }, 300_000);

  it('joins the 2016 plan’s cost table continued with a repeated header (pp. 21–22)', async () => {
    const doc = await parse(DOCS.vp2016);
    const t = tableWith(doc, 'Tillägg förstärkning mottagande ensamkommande flyktingbarn');
    expect(t.pages).toEqual([21, 22]);
    expect(t.header).toEqual([['Kostnadspost', 'Belopp (tkr)']]);
    expect(t.rows.at(-1)).toEqual(['Budgetram 2016', '-444 662']);
  });

  it('merges the geometry path’s page tables the same way (untagged delårsrapport)', async () => {
    const doc = await parse(DOCS.dr2022, 'pdf-untagged');
    const t = tableWith(doc, 'Hemvårdsnämnd');
    expect(t.pages).toEqual([33, 34]);
    expect(t.rowPages[t.rows.findIndex((r) => r[0] === 'Hemvårdsnämnd')]).toBe(34);
  });

  it('joins a row broken by the page break back into one row (Intraservice pp. 23–26, tagged and untagged)', async () => {
    for (const dir of ['real', 'real/untagged']) {
      const doc = await parsedFile(`${SHARED}/corpus/${dir}/goteborg-intraservice-delarsrapport-mars-2026.pdf`, { noOcr: true });
      const rowWith = (text: string) => {
        const t = doc.tables.find((x) => x.rows.some((r) => r.join(' ').includes(text)))!;
        return { t, r: t.rows.find((r) => r.join(' ').includes(text))! };
      };
      const a = rowWith('leverantörer av digitala produkter');
      expect(a.t.pages).toEqual([23, 24]);
      expect(a.r[0]).toMatch(/^Nämnden för intraservice får i uppdrag att utreda .* leverantörer av digitala produkter och tjänster .* i separat rapportering\.$/);
      expect(a.r[1]).toMatch(/förvaltningsövergripande uppdrag: - Koordinera/);
      const b = rowWith('Insatsen ska även samla in');
      expect(b.t.pages).toEqual([25, 26]);
      expect(b.r[0]).toBe('Utökat kommunbidrag för utökat beställarstöd');
      expect(rowWith('bättre överblick, ökad nyttjandegrad').r[0]).toMatch(/cirkulär anskaffning och avyttring\.$/);
      for (const t of doc.tables) {
        // No half row left behind at the top of a page.
        expect(t.rows.some((r) => /^(digitala produkter|nyttjandegrad)/.test(r[0]!) || (r[0] === '' && /^även samla/.test(r[1] ?? '')))).toBe(false);
        expect(t.rowPages).toHaveLength(t.rows.length);
        expect(t.rowKinds).toHaveLength(t.rows.length);
      }
    }
  }, 120_000);
});

describe('mergeAcrossPages rules', () => {
  const cols = [
    { x0: 70, x1: 200 },
    { x0: 250, x1: 300 },
    { x0: 320, x1: 370 },
  ];
  const table = (page: number, over: Partial<PageTable> = {}): PageTable => ({
    page,
    bbox: { x: 70, y: 100, w: 300, h: 200 },
    header: [['Verksamhet', 'Budget 2023', 'Budget 2024']],
    rows: [[`rad ${page}`, '1', '2']],
    rowKinds: ['data'],
    columns: cols,
    caption: null,
    unit: null,
    source: 'geometry',
    ...over,
  });

  it('joins a continuation without a header and one with the header repeated', () => {
    const merged = mergeAcrossPages([table(5), table(6, { header: [] }), table(7)]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.pages).toEqual([5, 6, 7]);
    expect(merged[0]!.rowPages).toEqual([5, 6, 7]);
    expect(merged[0]!.header).toHaveLength(1);
  });

  it('does not join tables on the same page, pages apart, or with other columns or headers', () => {
    expect(mergeAcrossPages([table(5), table(5)])).toHaveLength(2);
    expect(mergeAcrossPages([table(5), table(7)])).toHaveLength(2);
    expect(mergeAcrossPages([table(5), table(6, { header: [['Verksamhet', 'Utfall 2022', 'Budget 2024']] })])).toHaveLength(2);
    expect(mergeAcrossPages([table(5), table(6, { columns: [cols[0]!, { x0: 400, x1: 450 }, { x0: 480, x1: 520 }] })])).toHaveLength(2);
    const four = [...cols, { x0: 400, x1: 450 }];
    expect(mergeAcrossPages([table(5), table(6, { columns: four, header: [['Verksamhet', 'Budget 2023', 'Budget 2024', 'Not']] })])).toHaveLength(2);
  });

  it('does not join a table with a title of its own at the top of the next page, unless it says it continues', () => {
    expect(mergeAcrossPages([table(5), table(6, { caption: 'Investeringar' })])).toHaveLength(2);
    expect(mergeAcrossPages([table(5, { caption: 'Investeringar' }), table(6, { caption: 'Investeringar (forts.)' })])).toHaveLength(1);
  });

  it('joins a row broken mid-sentence by the page break, but not value rows or rows after a full stop', () => {
    const header = [['Uppdrag', 'Kommentar']];
    const two = [cols[0]!, cols[1]!];
    const t = (page: number, rows: string[][]) => table(page, { header, columns: two, rows, rowKinds: rows.map(() => 'data' as const) });
    const broken = mergeAcrossPages([t(5, [['Utred möjligheten att', 'Arbetet har']]), t(6, [['samordna system.', 'påbörjats.'], ['Nästa', 'Klart.']])]);
    expect(broken[0]!.rows).toEqual([['Utred möjligheten att samordna system.', 'Arbetet har påbörjats.'], ['Nästa', 'Klart.']]);
    expect(broken[0]!.rowPages).toEqual([5, 6]);
    const emptyLabel = mergeAcrossPages([t(5, [['Insats', 'Insatsen ska']]), t(6, [['', 'även samla in.']])]);
    expect(emptyLabel[0]!.rows).toEqual([['Insats', 'Insatsen ska även samla in.']]);
    expect(mergeAcrossPages([t(5, [['Insats', 'Insatsen är klar.']]), t(6, [['', 'även nästa steg.']])])[0]!.rows).toHaveLength(2);
    expect(mergeAcrossPages([t(5, [['Insats', 'Arbetet har']]), t(6, [['Ny insats', 'pågår.']])])[0]!.rows).toHaveLength(2);
    expect(mergeAcrossPages([table(5), table(6, { rows: [['varav personal', '3', '4']] })])[0]!.rows).toHaveLength(2);
    expect(mergeAcrossPages([table(5), table(6, { rows: [['', '3', '4']] })])[0]!.rows).toHaveLength(2);
  });

  it('joins only the last table of a page with the first of the next', () => {
    const merged = mergeAcrossPages([table(5), table(5, { columns: [cols[0]!, { x0: 400, x1: 450 }, { x0: 480, x1: 520 }] }), table(6), table(6)]);
    expect(merged.map((m) => m.pages)).toEqual([[5], [5], [6], [6]]);
  });
});
