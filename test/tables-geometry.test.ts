import { beforeAll, describe, expect, it } from 'vitest';
import { buildLines } from '../ingest/layout/lines.ts';
import type { LoadedPdf } from '../ingest/pdf/types.ts';
import { extractGeometryTables } from '../ingest/tables/geometry.ts';
import type { PageTable } from '../ingest/tables/types.ts';
import { loadedFile } from './helpers/corpus.ts';
import { DOCS, SHARED, corpusPdf, hasPdfs, hasShared } from './helpers/shared.ts';

// The geometry path on real corpus pages: untagged files, and tagged files with their structure tree ignored.
const pdfs = new Map<string, LoadedPdf>();
async function load(file: string): Promise<LoadedPdf> {
  let pdf = pdfs.get(file);
  if (!pdf) {
    pdf = await loadedFile(file);
    pdfs.set(file, pdf);
  }
  return pdf;
}

async function tablesOn(file: string, page: number): Promise<PageTable[]> {
  const pdf = await load(file);
  const p = pdf.pages[page - 1];
  if (!p?.ok) throw new Error(`page ${page} of ${file} did not load`);
  const content = { ...p.content, struct: null };
  return extractGeometryTables(content, buildLines(page, content.items));
}

/** The cell under the column whose last header row reads `column`, in the row whose label is `label`. */
function cell(t: PageTable, label: string, column: string): string | undefined {
  const last = t.header.at(-1) ?? [];
  const c = last.indexOf(column);
  const row = t.rows.find((r) => r[0] === label);
  return c < 0 || !row ? undefined : row[c];
}

const untagged = (name: string) => corpusPdf(name, 'pdf-untagged');

describe.skipIf(!hasPdfs(DOCS.dr2022))('geometry tables on a tagged corpus PDF read without its tags', () => {
  it('gives the same table from the tagged file with its tags ignored', async () => {
    const [t] = await tablesOn(corpusPdf(DOCS.dr2022), 34);
    expect(t!.source).toBe('geometry');
    expect(cell(t!, 'Hemvårdsnämnd', 'Prognos 2 Budget-Utfall')).toBe('-47 699');
  }, 60_000);
});

describe.skipIf(!hasShared)('geometry tables on corpus PDFs', () => {
  beforeAll(async () => {
    await Promise.all([load(untagged(DOCS.dr2022)), load(untagged(DOCS.vp2016)), load(untagged(DOCS.vp2024))]);
  }, 120_000);

  it('reads the ten-column forecast table of the delårsrapport, continued on p. 34, with its header path', async () => {
    const [first] = await tablesOn(untagged(DOCS.dr2022), 33);
    expect(first).toBeDefined();
    expect(first!.header).toHaveLength(1);
    expect(first!.header[0]).toEqual([
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
    ]);
    expect(first!.unit).toBe('tkr');
    expect(first!.rows[0]).toEqual(['Funktionsstödsnämnd', '97 868', '87 706', '-10 162', '112%', '157 400', '136 960', '-20 440', '-5 713', '-13 118']);
    expect(first!.columns).toHaveLength(10);

    const [cont] = await tablesOn(untagged(DOCS.dr2022), 34);
    expect(cell(cont!, 'Hemvårdsnämnd', 'Prognos 2 Budget-Utfall')).toBe('-47 699');
    // Rows with a value in one column only keep the full width, empty cells as "".
    const intra = cont!.rows.find((r) => r[0] === 'Varav Intraprenader')!;
    expect(intra).toHaveLength(10);
    expect(intra[7]).toBe('2 300');
    expect(intra.filter(Boolean)).toHaveLength(2);
    // A multi-line label is one cell.
    expect(cont!.rows.map((r) => r[0])).toContain('Programnämnd social välfärd');
  });

  it('folds multi-line row labels into one cell', async () => {
    const [t] = await tablesOn(untagged(DOCS.dr2022), 29);
    const labels = t!.rows.map((r) => r[0]);
    expect(labels).toContain('Gemensamt för social välfärd');
    expect(labels).toContain('Köp boende och personlig assistans');
    expect(labels).toContain('Särskild avgift IVO, utskrivningsklara USÖ');
    expect(labels).not.toContain('välfärd');
    expect(cell(t!, 'Köp boende och personlig assistans', 'Utfall jan-aug 2022')).toBe('1 275 892');
    expect(t!.rows.every((r) => r.length === 10)).toBe(true);
  });

  it('repeats a spanning header cell over every column it covers (two-level header) and keeps `---` cells', async () => {
    const tables = await tablesOn(untagged(DOCS.vp2016), 24);
    const t = tables.find((x) => x.rows.some((r) => r[0] === 'Gemensamt totalt'))!;
    expect(t.header).toHaveLength(2);
    expect(t.header[0]!.slice(1)).toEqual([
      'Budget 2015', 'Budget 2015', 'Budget 2015',
      'Prognos nov 2015', 'Prognos nov 2015', 'Prognos nov 2015',
      'Budget 2016', 'Budget 2016', 'Budget 2016',
    ]);
    expect(t.header[1]!.slice(1)).toEqual(['Soc öster', 'Soc väster', 'Soc totalt', 'Soc öster', 'Soc väster', 'Soc totalt', 'Soc öster', 'Soc väster', 'Soc totalt']);
    expect(t.header[0]![0]).toBe('Nämnd / Område / Enhet Belopp i tkr');
    expect(t.rows.find((r) => r[0] === 'Gemensamt totalt')).toEqual(['Gemensamt totalt', '-2 079', '-3 991', '-6 070', '-3 104', '-591', '-3 695', '-4 012', '-3 885', '-7 897']);
    const fm = t.rows.find((r) => r[0] === 'Förebyggande och mottagning')!;
    expect(fm[2]).toBe('---');
    expect(fm[1]).toBe('-48 139');
    expect(t.unit).toBe('tkr');
  });

  it('keeps a label cell that spans several rows in its first row', async () => {
    const [t] = await tablesOn(untagged(DOCS.vp2024), 7);
    expect(t!.header[0]![1]).toBe('Typ av heldygnsinsats');
    expect(t!.rows[0]!.slice(0, 3)).toEqual(['Andel resursdygn i egen regi, utvalda insatser.', '-HVB, ungdom 15-21år', '50%']);
    expect(t!.rows[1]!.slice(0, 3)).toEqual(['', '-Stödboende 16-21 år', '61%']);
    expect(t!.rows[2]![1]).toBe('-Stadigvarande familjehemsvård, barn och ungdom');
  });

  it('finds no table on pages of prose, headings and boxed text', async () => {
    expect(await tablesOn(untagged(DOCS.dr2022), 31)).toEqual([]);
    expect(await tablesOn(untagged(DOCS.dr2022), 7)).toEqual([]); // two framed fact boxes and a footnote rule
    expect(await tablesOn(untagged(DOCS.vp2016), 2)).toEqual([]); // table of contents with dot leaders
  });

  it('reads a LibreOffice table whose cells carry paragraph fills (real/untagged)', async () => {
    const file = `${SHARED}/corpus/real/untagged/goteborg-intraservice-delarsrapport-mars-2026.pdf`;
    const [t] = await tablesOn(file, 14);
    expect(t!.header).toEqual([['Tjänster', 'Utfall intäkter period', 'Utfall kostnader period', 'Resultat period', 'Budget kostnader period', 'Budgetavvikelse']]);
    expect(t!.rows.find((r) => r[0] === '- Kommunikation, ledning och styrning')).toEqual(['- Kommunikation, ledning och styrning', '24,5', '-22,1', '2,4', '-24,6', '2,5']);
  }, 60_000);

  it('joins a word broken at a narrow cell edge without a hyphen, and keeps wrapped words apart (real/untagged)', async () => {
    const file = `${SHARED}/corpus/real/untagged/goteborg-intraservice-delarsrapport-mars-2026.pdf`;
    const [p11] = await tablesOn(file, 11);
    expect(p11!.header.at(-1)).toEqual(['', 'Utfall', 'Budget', 'Avvikelse', 'Utfall fg år', 'Prognos', 'Fg prognos', 'Budget', 'Bokslut fg år']);
    expect(p11!.rows.map((r) => r[0])).toContain('Kommuninterna bidrag');
    const [p6] = await tablesOn(file, 6);
    expect(p6!.header[0]![2]).toBe('Motsvarande period föregående år');
    const [p19] = await tablesOn(file, 19);
    expect(p19!.rows.find((r) => r[0] === 'Handläggare')![4]).toBe('Ökning med ca 20–30 medarbetare');
  }, 60_000);
  it('starts a second table at a second header row, styled like the first, inside one ruled frame (real, both files)', async () => {
    for (const file of [
      `${SHARED}/corpus/real/untagged/goteborg-intraservice-delarsrapport-mars-2026.pdf`,
      `${SHARED}/corpus/real/goteborg-intraservice-delarsrapport-mars-2026.pdf`,
    ]) {
      const tables = await tablesOn(file, 18);
      expect(tables).toHaveLength(2);
      const [done, planned] = tables;
      expect(done!.header).toEqual([['Genomförda åtgärder', 'Effekt/resultat (till exempel sparad tid eller kvalitetsökning)', 'Minskad kostnad/ökad intäkt helår (tkr)']]);
      expect(done!.rows).toEqual([['Översyn av förvaltningens processer, exempelvis budgetprocess och process för årlig analys.', 'Sparad tid och kvalitetsökning', '-']]);
      expect(planned!.header).toEqual([['Pågående/planerade åtgärder', 'Förväntad effekt', 'Förväntad minskad kostnad/ökad intäkt helår (tkr)']]);
      expect(planned!.rows[0]).toEqual(['Automatisering av ekonomiprocesser', 'Sparad tid och kvalitetsökning', '-']);
      expect(planned!.rows).toHaveLength(5);
      expect(planned!.rows.map((r) => r[0])).not.toContain('Pågående/planerade åtgärder');
    }
  }, 60_000);
});
