import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { joinWrapped } from '../ingest/sections/text.ts';
import type { ParsedDocument } from '../src/model/document.ts';
import { parsedCorpus, parsedFile } from './helpers/corpus.ts';
import { corpusPdf, DOCS, hasPdfsIn, hasShared, SHARED } from './helpers/shared.ts';

type Variant = 'pdf' | 'pdf-untagged';
const VARIANTS: Variant[] = ['pdf', 'pdf-untagged'];

/** Every numbered heading as `physical page|number|start of heading text`. Derived by a regex pass over
 * `pdftotext -layout` per page (lines `^\d+(\.\d+)*\.? Word`, leader-dotted TOC lines left out), with list items,
 * table rows and sentences starting with a year struck by hand, and checked against the tagged files' H1–H6 tags. */
const NUMBERED: Record<'vp2024' | 'dr2022' | 'vp2016' | 'ab2023', string[]> = {
  vp2024: [
    '1|1|Förslag till beslut',
    '3|2|Nämndens planering',
    '3|2.1|Verksamhetens styrkor och utvecklingsomr',
    '3|2.2|Verksamhetsåret 2024',
    '4|2.3|Förväntad utveckling 2025–2027',
    '4|3|Reglemente',
    '4|3.1|Uppdrag enligt reglemente',
    '6|4|Planering av nämndens verksamhet och utv',
    '6|4.1|Utgångspunkter för Örebro kommuns verksa',
    '8|4.2|Strategiska områden',
    '12|4.3|Övriga mål och uppdrag',
    '13|5|Planering för nämndens resurser',
    '13|5.1|Ekonomi',
    '13|5.1.1|Socialnämndens samlade ekonomi',
    '13|5.1.2|Politiska prioriteringar',
    '14|5.1.2.1|Ekonomi i balans',
    '14|5.1.2.2|Planeringsreserv',
    '14|5.1.3|Budgetramar per verksamhet',
    '15|5.1.4|Investeringar och lokalförsörjning i inv',
  ],
  dr2022: [
    '1|1|Förslag till beslut',
    '2|2|Programdirektörens bedömning och analys',
    '2|2.1|Programdirektörens analys av verksamhete',
    '2|2.2|Händelser av väsentlig betydelse',
    '3|2.3|Förväntad utveckling',
    '4|3|Sammanfattande iakttagelser',
    '6|4|Nämndens bidrag till utveckling inom',
    '7|4.1|Målområde 1 Örebro i sin fulla kraft',
    '7|4.1.1|Sammanfattande analys av bidraget till u',
    '11|4.2|Målområde 2 Lärande, utbildning och arbe',
    '11|4.2.1|Sammanfattande analys av bidraget till u',
    '13|4.3|Målområde 3 Ett tryggt och gott liv för',
    '13|4.3.1|Sammanfattande analys av bidraget till u',
    '19|4.4|Målområde 4 Örebro skapar livsmiljöer fö',
    '19|4.4.1|Sammanfattande analys av bidraget till u',
    '21|4.5|Målområde 5 Ett klimatpositivt Örebro me',
    '21|4.5.1|Sammanfattande analys av bidraget till u',
    '23|4.6|Målområde 6 Hållbara och resurseffektiva',
    '23|4.5.1|Sammanfattande analys av bidraget till u',
    '27|5|Programnämnd social välfärds resurser',
    '28|5.3|Programnämndens resurser',
    '28|5.2|Effektiviseringar',
    '29|5.3|Programnämndens egen verksamhet',
    '33|5.4|Driftsnämndernas ekonomiska resultat',
    '36|5.4|Investeringar',
    '38|6|Fem år i sammandrag',
  ],
  vp2016: [
    '3|1|Förslag till beslut',
    '4|2|Förvaltningschefens bedömning',
    '4|2.1|Verksamhetens styrkor och utvecklingsomr',
    '4|2.2|Verksamhetsåret 2016',
    '5|2.3|Framåtblick för mandatperioden',
    '7|3|Driftnämndens uppdrag',
    '7|3.1|Driftnämndens verksamhets- och utvecklin',
    '7|3.1.1|Uppdrag enligt reglemente',
    '7|3.1.2|Planeringsårets utvecklingsuppdrag utifr',
    '8|3.1.3|Verksamhetsuppdragets indikatorer med må',
    '9|3.1.4|Ekonomisk ram enligt Programplan med bud',
    '9|3.1.5|Uppföljningskrav',
    '9|3.2|Driftnämndens egna styrregler',
    '10|4|Planering av nämndens verksamhet och utv',
    '10|4.1|Utveckling utifrån strategiområden',
    '12|4.2|Planering för att säkra och utveckla näm',
    '13|4.2.1|Socialförvaltningen ska arbeta förebygga',
    '14|4.2.2|Socialförvaltningens verksamheter ska va',
    '14|4.2.3|Socialförvaltningens stöd-, vård- och be',
    '15|4.2.4|Socialförvaltningen ska vara en aktiv ak',
    '17|4.2.5|Socialförvaltningen ska fortsätta utveck',
    '17|4.2.6|Socialförvaltningen ska bedriva jämställ',
    '18|4.2.7|Socialförvaltningen ska bidra till minsk',
    '18|4.3|Planering för att säkra målgrupperna/bru',
    '18|4.3.1|Socialförvaltningen ska ha hög tillgängl',
    '19|5|Planering för god ekonomisk hushållning',
    '19|6|Resursplanering',
    '19|6.1|Ekonomi',
    '19|1|Kompensation för volymökningar',
    '19|2|Kompensation för löneöversyn och indexup',
    '19|3|Övrigt',
    '20|4|Omprövningskrav',
    '20|6.1.1|Planering för att säkra ekonomisk effekt',
    '21|6.2|Ekonomi – driftbudget',
    '21|6.2.1|Bakgrund',
    '21|6.2.1.1|Budgetarbetet',
    '21|6.2.1.2|Budgetram',
    '22|6.2.1.3|Effektiviseringsåtgärder 2016',
    '22|6.2.1.4|Kostnadsförändringar 2015-2016',
    '23|6.2.2|Sifferbudget 2016',
    '23|6.2.2.1|Sammanfattning',
    '24|6.2.2.2|Enheter',
    '25|6.2.3|Extern vård- och behandling',
    '26|6.2.4|Ombudgetering',
    '26|6.2.5|Ekonomi - investeringar',
    '26|6.3|Medarbetare',
    '28|6.3.1|Planering för att säkra medarbetarnas ut',
    '29|6.4|Lokaler',
    '29|6.4.1|Planering för utveckling och nyttjande a',
    '30|6.5|IT',
    '30|6.5.1|Planering för utveckling och nyttjande a',
    '31|6.6|Kommunikation',
    '31|6.6.1|Planering för utveckling och nyttjande a',
    '32|7|Planeringsförutsättningar för driftsnämn',
    '32|7.1|Omvärldsförändringar',
    '33|7.2|Fem år i sammandrag',
    '34|8|BILAGOR',
    '34|8.1|Bilaga 1 Processen för styrning, uppfölj',
    '34|8.2|Bilaga 2 Planering och uppföljning av re',
    '36|8.3|Bilaga 3 Organisation',
    '37|8.4|Bilaga 4 Indikatorer med målvärden, besl',
    '39|8.5|Bilaga 5 Intern kontroll – Tillsynsplan',
    '40|8.6|Bilaga 6 Begreppsförklaringar',
  ],
  ab2023: [
    '1|1|FOrslag till beslut',
    '2|2|Omradeschefens beddmning och analys',
    '2|2.1|Analys av verksamhetens resultat',
    '2|2.1.1|Omradeschefen ovriga inspel',
    '3|2.2|Handelser av vasentlig betydelse',
    '4|2.3|Forvantad utveckling 2024-2026',
    '6|3|Namndens bidrag till utveckling inom kom',
    '6|3.1|Namndens bidrag till Kommunfullmaktiges',
    '6|3.1.1|Utgangspunkter for Orebro kommuns verksa',
    '9|3.1.2|Strategiskt omrade: Larande, utbildning',
    '11|3.1.3|Strategiskt omrade: Ett tryggt Orebro ge',
    '15|3.1.4|Strategiskt omrade: Ett hallbart och vax',
    '16|3.2|Ovriga mal',
    '18|4|Analysunderlag — ekonomi',
    '20|4.1|Enheternas ekonomiska resultat',
    '21|3.2|Intakts- och kostnadsutveckling',
    '22|4.3|Ekonomiskt resultat per verksamhet',
    '22|4.3.2|Overgripande och namnd, Férebyggande, My',
    '23|4.3.3|Ensamkommande barn och unga',
    '24|4.3.4|Externa vard- och behandlingskostnader',
    '25|4.4|Investeringar',
    '27|5|Fem ar i sammandrag',
    '28|6|Bilagor',
  ],
};

const cache = new Map<string, Promise<ParsedDocument>>();
function parsed(name: string, variant: Variant = 'pdf'): Promise<ParsedDocument> {
  const key = `${variant}/${name}`;
  if (!cache.has(key)) cache.set(key, parsedCorpus(name, variant, { noOcr: true }));
  return cache.get(key)!;
}

/** The running header as pdftotext prints it: the first line of page 2. */
function runningHeader(file: string): string {
  const text = execFileSync('pdftotext', ['-f', '2', '-l', '2', '-layout', file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return text.split('\n').map((l) => l.trim()).find(Boolean)!;
}

describe('joinWrapped', () => {
  it('rejoins words hyphenated at the line end and keeps real hyphens', () => {
    expect(joinWrapped(['inom budget-', 'ramen för 2024'])).toBe('inom budgetramen för 2024');
    expect(joinWrapped(['inom vård-', 'och omsorg'])).toBe('inom vård- och omsorg');
    expect(joinWrapped(['Gymnasie-', 'eller arbetsmarknadsnämnden'])).toBe('Gymnasie- eller arbetsmarknadsnämnden');
    expect(joinWrapped(['medel från EU-', 'projekt'])).toBe('medel från EU-projekt');
    expect(joinWrapped(['covid-', '19 pandemin'])).toBe('covid-19 pandemin');
    expect(joinWrapped(['en rad', 'och nästa'])).toBe('en rad och nästa');
  });
});

// Each case runs where its documents are at hand: the tagged samples/pdf without ../shared, every variant with it.
describe('sections on the corpus', () => {
  for (const key of ['vp2024', 'dr2022', 'vp2016', 'ab2023'] as const) {
    for (const variant of VARIANTS) {
      it.skipIf(!hasPdfsIn(variant, DOCS[key]))(`${key} (${variant}): every numbered heading is a section on its physical page, and no other numbered ones`, async () => {
        const { sections } = await parsed(DOCS[key], variant);
        const expected = NUMBERED[key].map((s) => {
          const [page, number, text] = s.split('|') as [string, string, string];
          return { page: Number(page), number, text };
        });
        const missing = expected.filter((e) => !sections.some((s) => s.number === e.number && s.pageStart === e.page && s.heading.startsWith(e.text)));
        expect(missing).toEqual([]);
        const extra = sections.filter((s) => s.number !== null && !expected.some((e) => e.number === s.number && e.page === s.pageStart));
        expect(extra.map((s) => `${s.pageStart} ${s.number} ${s.heading}`)).toEqual([]);
      });
    }
  }

  for (const variant of VARIANTS) {
    it.skipIf(!hasPdfsIn(variant, DOCS.vp2024))(`levels and paths follow the numbering (${variant})`, async () => {
      const { sections } = await parsed(DOCS.vp2024, variant);
      const s = sections.find((x) => x.number === '5.1.2.1')!;
      expect(s.level).toBe(4);
      expect(s.path).toEqual(['5 Planering för nämndens resurser', '5.1 Ekonomi', '5.1.2 Politiska prioriteringar', '5.1.2.1 Ekonomi i balans']);
      expect(s.pageEnd).toBe(14);
      expect(s.text).toMatch(/^Alla Örebro kommuns nämnder och bolag har i uppdrag att ha en ekonomi i balans\./);
      // Unnumbered headings nest under numbered ones by type size.
      const unnumbered = sections.find((x) => x.heading === 'Lärande, utbildning och arbetsmarknad')!;
      expect(unnumbered.level).toBe(3);
      expect(unnumbered.path[1]).toBe('4.2 Strategiska områden');
    });

    it.skipIf(!hasPdfsIn(variant, DOCS.dr2022, DOCS.vp2016, DOCS.enkoping))(`a heading wrapped over two lines is one heading (${variant})`, async () => {
      const { sections } = await parsed(DOCS.dr2022, variant);
      expect(sections.find((s) => s.number === '4')?.heading).toBe('Nämndens bidrag till utveckling inom Kommunfullmäktiges mål.');
      expect(sections.find((s) => s.number === '4.5')?.heading).toBe('Målområde 5 Ett klimatpositivt Örebro med friska ekosystem och god biologisk mångfald');
      expect(sections.some((s) => s.heading.startsWith('Kommunfullmäktiges mål'))).toBe(false);
      // One H3 element over two lines in the tagged file; the untagged one has only the geometry to go by.
      const vp2016 = await parsed(DOCS.vp2016, variant);
      expect(vp2016.sections.find((s) => s.number === '6.1.1')?.heading).toBe(
        'Planering för att säkra ekonomisk effektivitet och hushållning Socialförvaltningen ska utnyttja sina resurser effektivt.',
      );
      // Stacked headings of different rank stay apart.
      const enk = await parsed(DOCS.enkoping, variant);
      expect(enk.sections.find((s) => s.heading === 'Nämndens grunduppdrag och utvecklingsmål')?.level).toBe(2);
      expect(enk.sections.find((s) => s.heading === 'Nämndens grunduppdrag')?.level).toBe(3);
    });

    it.skipIf(!hasPdfsIn(variant, DOCS.dr2022, DOCS.enkoping))(`unnumbered bold headings are sections (${variant})`, async () => {
      const { sections } = await parsed(DOCS.dr2022, variant);
      const pa = sections.find((s) => s.heading === 'Personlig assistans');
      expect(pa?.pageStart).toBe(33);
      expect(pa?.path[0]).toBe('5 Programnämnd social välfärds resurser');
      const enk = await parsed(DOCS.enkoping, variant);
      const want: [number, string][] = [
        [1, 'Enköpings kommuns styrmodell'],
        [1, 'Koncerngemensam vision, målbild och mål'],
        [2, 'Kommunfullmäktiges målbild och övergripande mål'],
        [3, 'Innebörden av kommunfullmäktiges målbild och övergripande mål för nämnden'],
        [4, 'Särskilda satsningar och uppdrag från kommunfullmäktige'],
        [6, 'Nämndens grunduppdrag och utvecklingsmål'],
        [8, 'Nämndens volymer'],
        [9, 'Nämndens budget'],
        [11, 'Nämndens hållbarhetsarbete'],
      ];
      for (const [page, heading] of want) expect(enk.sections.find((s) => s.heading === heading)?.pageStart, heading).toBe(page);
      expect(enk.sections.find((s) => s.heading === 'Nämndens budget')?.level).toBeLessThan(enk.sections.find((s) => s.heading === 'Nämndens volymer')!.level);
    });

    it.skipIf(!hasPdfsIn(variant, DOCS.vp2016))(`the 2016 cover and table of contents are not sections (${variant})`, async () => {
      const { sections } = await parsed(DOCS.vp2016, variant);
      // The cover's text (who decided the plan, and when) is kept as one front-matter section, not as headings.
      expect(sections[0]).toMatchObject({ number: null, heading: 'Försättssida', pageStart: 1, pageEnd: 1 });
      expect(sections[0]!.text).toMatch(/Beslutad av Socialnämnd öster, den 21 januari 2016/);
      expect(sections[0]!.text).not.toMatch(/Innehåll/);
      expect(sections[1]).toMatchObject({ number: '1', heading: 'Förslag till beslut', pageStart: 3 });
      expect(sections.slice(1).filter((s) => s.pageStart < 3)).toEqual([]);
      expect(sections.filter((s) => /\.{4,}|^Innehåll/.test(s.heading))).toEqual([]);
      // The TOC says 6.3 Medarbetare is on page 29 of the original; it is on physical page 26.
      expect(sections.find((s) => s.number === '6.3')?.pageStart).toBe(26);
    });

    it.skipIf(!hasPdfsIn(variant, DOCS.vp2024, DOCS.dr2022, DOCS.vp2016, DOCS.ab2023, DOCS.enkoping))(`no section text carries the running header or a page number (${variant})`, async () => {
      for (const name of [DOCS.vp2024, DOCS.dr2022, DOCS.vp2016, DOCS.ab2023, DOCS.enkoping]) {
        const header = runningHeader(corpusPdf(name, variant));
        expect(header.length).toBeGreaterThan(20);
        const { sections, document } = await parsed(name, variant);
        expect(sections.length).toBeGreaterThan(20);
        for (const s of sections) {
          expect(s.text.includes(header), `${name} ${s.heading}`).toBe(false);
          expect(s.text, `${name} ${s.heading}`).not.toMatch(/\b\d{1,2}\s?\(\s?12\s?\)|(^|\n)\d{1,2}(\n|$)/);
          for (const p of s.text.split('\n\n')) expect(p.trim(), `${name} ${s.heading}`).not.toMatch(/^\d{1,2}$/);
        }
        expect(sections.every((s) => s.pageEnd >= s.pageStart && s.pageEnd <= document.pageCount)).toBe(true);
      }
    });

    it.skipIf(!hasPdfsIn(variant, DOCS.dr2022))(`words broken at the line end are rejoined, real hyphens kept (${variant})`, async () => {
      const { sections } = await parsed(DOCS.dr2022, variant);
      const all = sections.map((s) => s.text).join('\n');
      expect(all).toContain('grupp- och servicebostäder');
      expect(all).toContain('vård- och omsorgsboende');
    });
  }

  it.skipIf(!hasShared)('real documents: hyphenated words rejoined, sections nested and on real pages', async () => {
    for (const variant of ['', 'untagged/']) {
      const doc = await parsedFile(`${SHARED}/corpus/real/${variant}goteborg-stadsrevisionen-arsredogorelse-2022.pdf`, { noOcr: true });
      const förord = doc.sections.find((s) => s.heading === 'Förord av ordförande')!;
      expect(förord.pageStart).toBe(3);
      expect(förord.text).toContain('god revisionssed i kommunal verksamhet.');
      expect(förord.text).toContain('ett grundläggande förhållningssätt');
      expect(förord.text).not.toMatch(/verk- samhet|grund- läggande/);
      expect(doc.sections.find((s) => s.number === '2.5')?.heading).toBe('Informationssäkerhet och personuppgiftsbehandling');
    }
    const intra = await parsedFile(`${SHARED}/corpus/real/untagged/goteborg-intraservice-delarsrapport-mars-2026.pdf`, { noOcr: true });
    // Its table of contents (page 2) lists the same numbers; the sections are the headings on their own pages.
    expect(intra.sections.find((s) => s.number === '2.3.3')).toMatchObject({ heading: 'Prognos', pageStart: 12, level: 3 });
    expect(intra.sections.filter((s) => s.pageStart === 2)).toEqual([]);
  });
});
