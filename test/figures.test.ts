import { beforeAll, describe, expect, it } from 'vitest';
import { figuresOf } from '../ingest/tables/figures.ts';
import type { Figure, ParsedDocument, Table } from '../src/model/document.ts';
import { parsedFile } from './helpers/corpus.ts';
import { DOCS, SHARED, corpusPdf, hasPdfs, hasShared } from './helpers/shared.ts';

// Figures with their provenance, read from real PDFs through the whole parse.
const docs = new Map<string, Promise<ParsedDocument>>();
const parse = (file: string) => docs.get(file) ?? docs.set(file, parsedFile(file, { noOcr: true })).get(file)!;
const simrishamn = `${SHARED}/corpus/real/simrishamn-kultur-och-fritidsnamnden-arsbokslut-2025.pdf`;

function figure(doc: ParsedDocument, rowLabel: string, column: string, tableId?: string): Figure {
  const found = doc.figures.filter(
    (f) => f.rowLabel.at(-1) === rowLabel && f.columnLabel.join(' / ') === column && (!tableId || f.tableId === tableId),
  );
  if (found.length !== 1) throw new Error(`${found.length} figures for ${rowLabel} × ${column}`);
  return found[0]!;
}

describe.skipIf(!hasPdfs(DOCS.dr2022, DOCS.vp2024))('figures of corpus PDFs', () => {
  beforeAll(async () => {
    await Promise.all([parse(corpusPdf(DOCS.dr2022)), parse(corpusPdf(DOCS.vp2024))]);
  }, 300_000);

  it('gives the forecast deviation of Hemvårdsnämnd with unit, labels and the page it is printed on', async () => {
    const doc = await parse(corpusPdf(DOCS.dr2022));
    const f = figure(doc, 'Hemvårdsnämnd', 'Prognos 2 Budget-Utfall');
    const table = doc.tables.find((t) => t.id === f.tableId)!;
    expect(table.pages).toEqual([33, 34]);
    expect(f).toMatchObject({
      documentId: DOCS.dr2022,
      value: -47699,
      unit: 'tkr',
      rowLabel: ['Hemvårdsnämnd'],
      columnLabel: ['Prognos 2 Budget-Utfall'],
      raw: '-47 699',
      uncertain: null,
      col: 7,
    });
    // The table starts on p. 33; this row is printed at the top of p. 34.
    expect(f.page).toBe(34);
    expect(table.rows[f.row]![0]).toBe('Hemvårdsnämnd');
    expect(figure(doc, 'Nettokostnad', 'Prognos 2 Budget-Utfall', table.id)).toMatchObject({ value: -51891, unit: 'tkr', page: 34 });
    expect(figure(doc, 'Funktionsstödsnämnd', 'Prognos 2 Budget-Utfall')).toMatchObject({ value: -20440, page: 33 });
  });

  it('takes the unit from the column header before the table’s', async () => {
    const doc = await parse(corpusPdf(DOCS.dr2022));
    expect(figure(doc, 'Hemvårdsnämnd', 'Förbrukn %')).toMatchObject({ value: 117, unit: '%', raw: '117%' });
  });

  it('reads VP 2024 `Fem år i sammandrag` over both pages with units from the cells', async () => {
    const doc = await parse(corpusPdf(DOCS.vp2024));
    const t = doc.tables.find((x) => x.header[0]?.[0] === 'Fem år i sammandrag')!;
    const figs = doc.figures.filter((f) => f.tableId === t.id);
    expect(new Set(figs.map((f) => f.page))).toEqual(new Set([16, 17]));
    const cost = figs.find((f) => f.rowLabel.at(-1)!.startsWith('Genomsnittlig kostnad per vårddygn') && f.columnLabel[0] === 'Utfall 2019')!;
    expect(cost).toMatchObject({ value: 2486, unit: 'kr', raw: '2 486 kr' });
    const staff = figs.find((f) => f.rowLabel.join(' / ') === 'Medarbetare / - andel kvinnor' && f.columnLabel[0] === 'Utfall 2019')!;
    expect(staff).toMatchObject({ value: 82, unit: '%' });
    // `Öka`, `Nivå` and empty marks are not figures; header years are never figures.
    expect(figs.every((f) => Number.isFinite(f.value) && f.col > 0)).toBe(true);
    expect(figs.some((f) => f.value === 2019)).toBe(false);
  });
});

describe.skipIf(!hasShared)('figures of corpus PDFs beyond samples/pdf', () => {
  beforeAll(async () => {
    await Promise.all([parse(corpusPdf(DOCS.vp2016)), parse(simrishamn)]);
  }, 300_000);

  it('gives the full header path of a two-level header and the group row in the row label (2016 plan)', async () => {
    const doc = await parse(corpusPdf(DOCS.vp2016));
    const f = figure(doc, 'Gemensamt totalt', 'Budget 2015 / Soc väster');
    expect(f).toMatchObject({ value: -3991, unit: 'tkr', page: 24 });
    const placed = doc.figures.filter((x) => x.rowLabel.join(' / ') === 'Barn / Institution' && x.columnLabel.join(' / ') === 'Personer genomsnitt per dygn/månad* / Budget 2015');
    expect(placed.map((x) => x.value)).toEqual([9]);
    // `---` is an empty mark, not a figure.
    const external = doc.figures.filter((x) => x.rowLabel.at(-1) === 'Institutionsvård' && x.columnLabel.join(' / ') === 'Budget 2015 / Soc öster');
    expect(external).toHaveLength(0);
  });

  it('reads footnote marks and a minus set apart by a space (Simrishamn)', async () => {
    const doc = await parse(simrishamn);
    expect(figure(doc, 'Allmän fritidsverksamhet', 'Utfall 2025')).toMatchObject({ value: -6279, raw: '- 6 279', unit: 'tkr' });
    expect(figure(doc, 'Studieförbundsbidrag', 'Budget 2025')).toMatchObject({ value: -400, raw: '-400*', unit: 'tkr' });
  });
});

describe('figuresOf', () => {
  const table: Table = {
    id: 't1',
    pages: [3, 4],
    caption: 'Driftsbudget',
    sectionId: null,
    header: [
      ['Verksamhet', 'Budget 2024', 'Budget 2024', 'Förbrukn'],
      ['', 'Barn', 'Vuxna', '%'],
    ],
    rows: [
      ['Barn och unga', '', '', ''],
      ['Placeringar', '-1 234', '–', '98%'],
      ['Summa', '-1 234', '---', ''],
      ['Övrigt', '2 022', '5 st', 'Öka'],
    ],
    rowKinds: ['group', 'data', 'total', 'data'],
    rowPages: [3, 3, 4, 4],
    unit: 'mnkr',
  };

  it('makes one figure per numeric body cell outside the label column', () => {
    const figs = figuresOf('doc', table);
    expect(figs.map((f) => [f.row, f.col, f.value, f.unit, f.page])).toEqual([
      [1, 1, -1234, 'mnkr', 3],
      [1, 3, 98, '%', 3],
      [2, 1, -1234, 'mnkr', 4],
      [3, 1, 2022, 'mnkr', 4],
      [3, 2, 5, 'st', 4],
    ]);
    expect(figs[0]).toMatchObject({ rowLabel: ['Barn och unga', 'Placeringar'], columnLabel: ['Budget 2024', 'Barn'], tableId: 't1', documentId: 'doc', raw: '-1 234' });
    expect(figs[2]!.rowLabel).toEqual(['Barn och unga', 'Summa']);
    // The group ends with its sum row.
    expect(figs[3]!.rowLabel).toEqual(['Övrigt']);
  });
});
