import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stripFurniture } from '../ingest/layout/furniture.ts';
import { buildLines } from '../ingest/layout/lines.ts';
import type { LoadedPdf, PageContent } from '../ingest/pdf/types.ts';
import { extractGeometryTables } from '../ingest/tables/geometry.ts';
import type { PageTable } from '../ingest/tables/types.ts';
import { loadedFile } from './helpers/corpus.ts';
import { DOCS, SHARED, hasShared } from './helpers/shared.ts';

// Tables without vertical rules, one rule of page geometry per test, on the restyled corpus (the same documents
// set as a spreadsheet export, `ledger`, and as a word processor's borderless tables, `plain`) and on real PDFs.
const restyled = (style: 'ledger' | 'plain', name: string) => path.join(SHARED, 'corpus/restyled', style, 'pdf', `${name}.pdf`);
const realUntagged = (name: string) => path.join(SHARED, 'corpus/real/untagged', `${name}.pdf`);

const pdfs = new Map<string, LoadedPdf>();
async function pages(file: string): Promise<PageContent[]> {
  let pdf = pdfs.get(file);
  if (!pdf) {
    pdf = await loadedFile(file);
    pdfs.set(file, pdf);
  }
  return stripFurniture(pdf.pages.flatMap((p) => (p.ok ? [p.content] : []))).pages;
}

async function tablesOn(file: string, page: number): Promise<PageTable[]> {
  const p = (await pages(file)).find((c) => c.number === page);
  if (!p) throw new Error(`page ${page} of ${file} did not load`);
  return extractGeometryTables(p, buildLines(page, p.items));
}

/** Header path of each column: the header rows top to bottom, joined with ` / `. */
const paths = (t: PageTable) => t.header[0]!.map((_, c) => t.header.map((r) => r[c]).filter(Boolean).join(' / '));

/** The cell under the column whose header path is `column`, in the row labelled `label`. */
function cell(t: PageTable, label: string, column: string): string | undefined {
  const c = paths(t).indexOf(column);
  const row = t.rows.find((r) => r[0] === label);
  return c < 0 || !row ? undefined : row[c];
}

const withLabel = (ts: PageTable[], label: string) => ts.find((t) => t.rows.some((r) => r[0] === label));

describe.skipIf(!hasShared)('tables without vertical rules', () => {
  beforeAll(async () => {
    await Promise.all([
      pages(restyled('ledger', DOCS.dr2022)),
      pages(restyled('plain', DOCS.dr2022)),
      pages(restyled('ledger', DOCS.vp2024)),
      pages(restyled('plain', DOCS.enkoping)),
      pages(restyled('plain', DOCS.vp2024)),
    ]);
  }, 120_000);

  it('takes columns from the right edges of the body figures, joining digit groups set a space apart (ledger p. 27)', async () => {
    const t = withLabel(await tablesOn(restyled('ledger', DOCS.dr2022), 27), 'Bidrag och avtal')!;
    expect(t).toBeDefined();
    // Monospaced figures: `1`, `275`, `892` are items one space apart; the next column starts a little further on.
    expect(cell(t, 'Köp boende och personlig assistans', 'Utfall jan-aug 2022')).toBe('1 275 892');
    expect(cell(t, 'Köp boende och personlig assistans', 'Budget jan-aug 2022')).toBe('1 295 409');
    expect(cell(t, 'Köp boende och personlig assistans', 'Budget-Utfall jan-aug 2022')).toBe('19 517');
    expect(t.columns).toHaveLength(10);
  });

  it('joins a header wrapped onto several lines into one cell per column, and a word split at a hyphen (ledger p. 27)', async () => {
    const t = withLabel(await tablesOn(restyled('ledger', DOCS.dr2022), 27), 'Bidrag och avtal')!;
    expect(paths(t)).toEqual([
      'Verksamhet belopp i tkr',
      'Utfall jan-aug 2022',
      'Budget jan-aug 2022',
      'Budget-Utfall jan-aug 2022',
      'Förbrukn %',
      'Prognos 2 Helår',
      'Prognos 2 Budget',
      'Prognos 2 Budget-Utfall',
      'Budget-Utfall jan-aug 2021',
      'Budget-Utfall Helår 2021',
    ]);
  });

  it('sets bottom-aligned, left-aligned header stacks over right-aligned figures and joins wrapped labels (plain p. 31)', async () => {
    const t = withLabel(await tablesOn(restyled('plain', DOCS.dr2022), 31), 'Bidrag och avtal')!;
    expect(paths(t)).toContain('Förbrukn %');
    expect(paths(t)).toContain('Prognos 2 Helår');
    expect(t.rows.map((r) => r[0])).toContain('Gemensamt för social välfärd');
    expect(t.rows.map((r) => r[0])).toContain('Särskild avgift IVO, utskrivningsklara USÖ');
    expect(cell(t, 'Gemensamt för social välfärd', 'Budget-Utfall jan-aug 2022')).toBe('318');
    expect(cell(t, 'Vård och omsorgsavgifter', 'Förbrukn %')).toBe('100%');
  });

  it('keeps a column headed over no figure, and reads `2 022` as a year title (plain Enköping p. 4)', async () => {
    const ts = await tablesOn(restyled('plain', DOCS.enkoping), 4);
    const t = withLabel(ts, 'Brukarbedömning - totalt helhetssyn')!;
    expect(t.header).toEqual([['Nämndens nyckeltal', '2 022', '2 023']]);
    expect(cell(t, 'Brukarbedömning - totalt helhetssyn', '2 023')).toBe('91%');
    expect(cell(t, 'Brukarbedömning - totalt helhetssyn', '2 022')).toBe('');
  });

  it('frames a table ruled between rows only, a second header bar starting the next table (ledger Bilaga 3 p. 18)', async () => {
    const ts = (await tablesOn(restyled('ledger', DOCS.vp2024), 18)).filter((t) => /^Beslutad åtgärd/.test(t.header[0]?.[0] ?? ''));
    expect(ts.map((t) => t.header[0]![0])).toEqual(['Beslutad åtgärd 1', 'Beslutad åtgärd 2', 'Beslutad åtgärd 3']);
    const t = ts[0]!;
    expect(paths(t)).toEqual([
      'Beslutad åtgärd 1',
      'Beslutsdatum',
      'Diarienummer',
      'Prognos effekt under året, mnkr',
      'Beräknad total effekt, mnkr',
      'Hittills uppnådd effekt, mnkr',
      'Beskriv förväntad effekt',
    ]);
    // A label over five lines is one cell; the comment row runs across the columns from its first.
    expect(t.rows.map((r) => r[0])).toEqual([
      'Förstärkt bemanning i syfte att minska kostnadsdrivande externa köp av vård och behandling.',
      'Kommentar',
    ]);
    expect(cell(t, 'Kommentar', 'Beslutsdatum')).toMatch(/^Tidigare år har nämnden haft en balanspost på 7,0 mnkr/);
  });

  it('keeps the figure columns where long labels run over empty cells, and marks sum and group rows (ledger p. 31)', async () => {
    const t = withLabel(await tablesOn(restyled('ledger', DOCS.dr2022), 31), 'Funktionsstödsnämnd')!;
    expect(cell(t, 'Funktionsstödsnämnd', 'Utfall jan-aug 2022')).toBe('97 868');
    expect(cell(t, 'Justerad avvikelse inkl. Intraprenadernas över och underskott 2022', 'Prognos 2 Budget-Utfall')).toBe('-51 891');
    const kind = (label: string) => t.rowKinds[t.rows.findIndex((r) => r[0] === label)];
    expect(kind('Nettokostnad')).toBe('total');
    expect(kind('Avvikelse inklusive ianspråktagande av ack resultat')).toBe('group');
    expect(kind('Socialnämnd')).toBe('data');
  });

  it('keeps figures split by sex (`K 92` / `M 93` / `T 92`) in one cell, letter and figure together (ledger p. 8)', async () => {
    const label = 'Brukarbedömning hemtjänst äldreomsorg - hänsyn till åsikter och önskemål, andel (%)';
    const t = withLabel(await tablesOn(restyled('ledger', DOCS.dr2022), 8), label)!;
    expect(paths(t)).toEqual(['Indikatorer inom målområde 1', 'Utfall 2020', 'Utfall 2021', 'Utfall 2022', 'Målvärde 2022']);
    expect(cell(t, label, 'Utfall 2020')).toBe('K 92 M 93 T 92');
    expect(cell(t, label, 'Utfall 2021')).toBe('-');
  });

  it('joins a label wrapped beside its sub-rows, and takes no paragraph end for a caption (plain p. 7)', async () => {
    const ts = await tablesOn(restyled('plain', DOCS.vp2024), 7);
    const t = withLabel(ts, 'Andel resursdygn i egen regi, utvalda insatser.')!;
    expect(t.rows.map((r) => [r[0], r[1]])).toEqual([
      ['Andel resursdygn i egen regi, utvalda insatser.', '-HVB, ungdom 15-21år'],
      ['', '-Stödboende 16-21 år'],
      ['', '-Stadigvarande familjehemsvård, barn och ungdom'],
      ['', '-Stödboende vuxna missbruk'],
    ]);
    expect(cell(t, 'Andel resursdygn i egen regi, utvalda insatser.', 'Prognos 2023')).toBe('Ökar något');
    expect(t.caption ?? '').not.toMatch(/^\p{Ll}/u);
  });

  it('reads a table of contents with dot leaders as prose (real, Stadsrevisionen 2022 p. 36, untagged)', async () => {
    const ts = await tablesOn(realUntagged('goteborg-stadsrevisionen-arsredogorelse-2022'), 36);
    expect(ts.filter((t) => t.rows.some((r) => r.some((c) => /\.{4,}/.test(c))))).toEqual([]);
  });

  it('still reads a real borderless table of figures under year titles (real, Stadsrevisionen 2022 p. 43, untagged)', async () => {
    const t = withLabel(await tablesOn(realUntagged('goteborg-stadsrevisionen-arsredogorelse-2022'), 43), 'Förtroendevalda revisorer')!;
    expect(paths(t)).toEqual(['tkr', 'Utfall 2022', 'Budget 2022', 'Utfall 2021']);
    expect(cell(t, 'Förtroendevalda revisorer', 'Budget 2022')).toBe('-2 970');
  });
});
