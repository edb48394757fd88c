import { beforeAll, describe, expect, it } from 'vitest';
import { buildLines } from '../ingest/layout/lines.ts';
import type { LoadedPdf } from '../ingest/pdf/types.ts';
import { extractTaggedTables, hasTableTags } from '../ingest/tables/tagged.ts';
import type { PageTable } from '../ingest/tables/types.ts';
import { loadedFile } from './helpers/corpus.ts';
import { DOCS, SHARED, corpusPdf, hasPdfs, hasShared } from './helpers/shared.ts';

// The tagged path on real corpus pages: rows and cells from the structure tree, columns and spans from geometry.
const pdfs = new Map<string, Promise<LoadedPdf>>();
const load = (file: string) => pdfs.get(file) ?? pdfs.set(file, loadedFile(file)).get(file)!;

async function tablesOn(file: string, page: number): Promise<PageTable[]> {
  const p = (await load(file)).pages[page - 1];
  if (!p?.ok) throw new Error(`page ${page} of ${file} did not load`);
  expect(p.content.struct && hasTableTags(p.content.struct)).toBe(true);
  return extractTaggedTables(p.content, buildLines(page, p.content.items));
}

const row = (t: PageTable, label: string) => t.rows.find((r) => r[0] === label);
const simrishamn = `${SHARED}/corpus/real/simrishamn-kultur-och-fritidsnamnden-arsbokslut-2025.pdf`;

describe.skipIf(!hasPdfs(DOCS.dr2022, DOCS.vp2024))('tagged tables on corpus PDFs', () => {
  beforeAll(async () => {
    await Promise.all([load(corpusPdf(DOCS.dr2022)), load(corpusPdf(DOCS.vp2024))]);
  }, 180_000);

  it('reads the forecast table of the delårsrapport p. 33: header lines joined, unit, caption, rows', async () => {
    const [t] = await tablesOn(corpusPdf(DOCS.dr2022), 33);
    expect(t!.source).toBe('tags');
    expect(t!.header).toEqual([
      [
        'Programområde social välfärd belopp i tkr',
        'Utfall jan-aug 2022',
        'Budget jan-aug 2022',
        'Budget-Utfall jan-aug 2022',
        'Förbrukn %',
        'Prognos 2 Helår',
        'Budget Helår 2022',
        'Prognos 2 Budget-Utfall',
        'Budget-Utfall jan-aug 2021',
        'Budget-Utfall Helår 2021',
      ],
    ]);
    expect(t!.unit).toBe('tkr');
    // A paragraph stands between the heading `5.4 Driftsnämndernas ekonomiska resultat` and the table: no caption.
    expect(t!.caption).toBeNull();
    expect(t!.rows).toEqual([
      ['Funktionsstödsnämnd', '97 868', '87 706', '-10 162', '112%', '157 400', '136 960', '-20 440', '-5 713', '-13 118'],
      ['Socialnämnd', '406 343', '397 198', '-9 145', '102%', '618 400', '607 977', '-10 423', '-12 054', '-17 778'],
    ]);
    expect(t!.columns).toHaveLength(10);
  });

  it('reads the continuation on p. 34 with its repeated header, sum rows and label-only rows', async () => {
    const [t] = await tablesOn(corpusPdf(DOCS.dr2022), 34);
    expect(t!.header[0]![7]).toBe('Prognos 2 Budget-Utfall');
    expect(row(t!, 'Hemvårdsnämnd')).toEqual(['Hemvårdsnämnd', '238 062', '203 382', '-34 680', '117%', '364 500', '316 801', '-47 699', '-18 143', '-38 021']);
    expect(row(t!, 'Nettokostnad')![7]).toBe('-51 891');
    expect(row(t!, 'Varav Intraprenader')).toEqual(['Varav Intraprenader', '', '', '', '', '', '', '2 300', '', '']);
    const kinds = new Map(t!.rows.map((r, i) => [r[0], t!.rowKinds[i]]));
    expect(kinds.get('Nettokostnad')).toBe('total');
    expect(kinds.get('Hemvårdsnämnd')).toBe('data');
    expect(kinds.get('Avvikelse inklusive ianspråktagande av ack resultat')).toBe('group');
  });

  it('takes the heading right above a table for its caption', async () => {
    const [t] = await tablesOn(corpusPdf(DOCS.vp2024), 16);
    expect(t!.caption).toBe('Bilaga 1 Översikt över verksamhetens utveckling');
  });

  it('places the short rows of the VP 2024 continuation page under their own columns', async () => {
    const [t] = await tablesOn(corpusPdf(DOCS.vp2024), 17);
    expect(t!.header[0]).toEqual(['Fem år i sammandrag', 'Utfall 2019', 'Utfall 2020', 'Utfall 2021', 'Utfall 2022', 'Bedömning 2023', 'Bedömning 2024']);
    expect(t!.rows).toEqual([
      ['- andel flickor/kvinnor', '3', '4', '4', '5', '', ''],
      ['- andel pojkar/män', '3', '5', '4', '4', '', ''],
    ]);
  });

  it('reads two small tables on one VP 2024 page as two tables', async () => {
    const tables = await tablesOn(corpusPdf(DOCS.vp2024), 18);
    const actions = tables.filter((t) => /^Beslutad åtgärd \d/.test(t.header[0]?.[0] ?? ''));
    expect(actions.map((t) => t.header[0]![0])).toEqual(['Beslutad åtgärd 1', 'Beslutad åtgärd 2', 'Beslutad åtgärd 3']);
    for (const t of actions) expect(t.header[0]).toHaveLength(7);
  });
});

describe.skipIf(!hasShared)('tagged tables on corpus PDFs beyond samples/pdf', () => {
  beforeAll(async () => {
    await Promise.all([load(corpusPdf(DOCS.vp2016)), load(simrishamn)]);
  }, 180_000);

  it('spreads the 2016 plan’s two-level header: `Budget 2015` over `Soc öster`, `Soc väster`, `Soc totalt`', async () => {
    const tables = await tablesOn(corpusPdf(DOCS.vp2016), 24);
    const t = tables.find((x) => x.header.length === 2)!;
    expect(t.header[0]).toEqual([
      'Nämnd / Område / Enhet Belopp i tkr',
      'Budget 2015',
      'Budget 2015',
      'Budget 2015',
      'Prognos nov 2015',
      'Prognos nov 2015',
      'Prognos nov 2015',
      'Budget 2016',
      'Budget 2016',
      'Budget 2016',
    ]);
    // The label spans both header rows, so the second row has no label of its own.
    expect(t.header[1]).toEqual(['', 'Soc öster', 'Soc väster', 'Soc totalt', 'Soc öster', 'Soc väster', 'Soc totalt', 'Soc öster', 'Soc väster', 'Soc totalt']);
    expect(t.unit).toBe('tkr');
    expect(row(t, 'Gemensamt totalt')).toEqual(['Gemensamt totalt', '-2 079', '-3 991', '-6 070', '-3 104', '-591', '-3 695', '-4 012', '-3 885', '-7 897']);
    expect(t.rowKinds[t.rows.findIndex((r) => r[0] === 'Gemensamt totalt')]).toBe('total');
    // A label broken over two lines is one cell.
    expect(row(t, 'Beräknad ramökning (indexhöjning)')![1]).toBe('-213');
  });

  it('keeps `---` empty marks and group rows of the 2016 plan as printed', async () => {
    const tables = await tablesOn(corpusPdf(DOCS.vp2016), 25);
    const persons = tables.find((x) => x.header[0]![1]!.startsWith('Personer'))!;
    expect(persons.header[0]!.slice(1)).toEqual([
      'Personer genomsnitt per dygn/månad*',
      'Personer genomsnitt per dygn/månad*',
      'Personer genomsnitt per dygn/månad*',
      'Kostnad genomsnitt per dygn/månad*',
      'Kostnad genomsnitt per dygn/månad*',
      'Kostnad genomsnitt per dygn/månad*',
    ]);
    expect(persons.rows[0]).toEqual(['Barn', '', '', '', '', '', '']);
    expect(persons.rowKinds[0]).toBe('group');
    const external = tables.find((x) => x.header[0]![0]!.startsWith('Externa vård'))!;
    expect(row(external, 'Institutionsvård')).toEqual(['Institutionsvård', '---', '-16 975', '-16 975', '---', '-17 975', '-17 975', '---', '-17 100', '-17 100']);
  });

  it('reads a Word table: spanning header cells written as empty cells, a second header row tagged TD', async () => {
    const [t] = await tablesOn(simrishamn, 21);
    expect(t!.header).toHaveLength(2);
    expect(t!.header[0]).toEqual([
      'Investeringsredovisning (mnkr)',
      'Utgifter sedan projektets start',
      'Utgifter sedan projektets start',
      'Utgifter sedan projektets start',
      'Varav årets investeringar',
      'Varav årets investeringar',
      'Varav årets investeringar',
    ]);
    expect(t!.header[1]!.slice(1, 4)).toEqual(['Total projektbudget', 'Ack. Utfall', 'Avvikelse']);
    expect(t!.unit).toBe('mnkr');
    expect(t!.rows[0]).toEqual(['Färdigställda projekt', '', '', '', '', '', '']);
    expect(t!.rowKinds[0]).toBe('group');
    expect(row(t!, 'Summa investeringsprojekt')).toEqual(['Summa investeringsprojekt', '20,068', '15,130', '4,938', '10,525', '5,401', '5,124']);
  });

  it('keeps a TH row with only its label below the header as a group row (Simrishamn statistics)', async () => {
    const tables = await tablesOn(simrishamn, 34);
    const t = tables.find((x) => x.header[0]?.[0] === 'Statistik')!;
    expect(t.header).toHaveLength(1);
    expect(t.rows[0]![0]).toBe('Antal besökare');
    expect(t.rowKinds[0]).toBe('group');
    expect(row(t, 'Österlens museum')).toEqual(['Österlens museum', '62 225', '60 000', '56 945', '62 014']);
  });
  it('reads a row spanning a Simrishamn activity table as a body row, not a second header row (pp. 26, 28, 31)', async () => {
    const [t26] = await tablesOn(simrishamn, 26);
    expect(t26!.header).toEqual([['Aktivitet', 'Status', 'Färdiggrad']]);
    // The committee goal over its activities: a group row with its text in the first cell only.
    expect(t26!.rows[0]).toEqual(['Verka för kunskapsspridning och beteendeförändring avseende havsmiljöfrågor.', '', '']);
    expect(t26!.rowKinds[0]).toBe('group');
    expect(t26!.rows[2]![0]).toMatch(/^Kommentar: Biblioteket har i samverkan med Marint Centrum/);
    expect(t26!.rowKinds[2]).toBe('data');

    // A continuation without a repeated header: the first activity, though tagged TH throughout, is body.
    const [t28] = await tablesOn(simrishamn, 28);
    expect(t28!.header).toEqual([]);
    expect(t28!.rows[0]![0]).toMatch(/^Tillgängliggöra Österlens materiella/);
    expect(t28!.rows[1]![0]).toMatch(/^Kommentar: Digitaliseringsarbetet/);

    const [t31] = await tablesOn(simrishamn, 31);
    expect(t31!.header).toEqual([]);
    expect(t31!.rows[1]![0]).toMatch(/^Kommentar: Under året har besökare/);
    expect(t31!.rows[1]!.slice(1)).toEqual(['', '']);
    const goal = t31!.rows.findIndex((r) => r[0]!.startsWith('Skapa goda förutsättningar för barn och unga'));
    expect(t31!.rows[goal]!.slice(1)).toEqual(['', '']);
    expect(t31!.rowKinds[goal]).toBe('group');
  });
});
