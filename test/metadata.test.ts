import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCommittee } from '../ingest/metadata/read.ts';
import { parsedCorpus, parsedFile } from './helpers/corpus.ts';
import { DOCS, hasPdfsIn, hasShared, SHARED } from './helpers/shared.ts';

/** What each document says about itself, read off its first pages by a person. */
const EXPECTED = {
  [DOCS.vp2024]: { municipality: 'Örebro', committee: 'Socialnämnden', documentType: 'verksamhetsplan', year: 2024, period: null, title: /verksamhetsplan med budget 2024/i },
  [DOCS.ab2023]: { municipality: 'Örebro', committee: 'Socialnämnden', documentType: 'årsberättelse', year: 2023, period: null, title: /årsberättelse 2023/i },
  [DOCS.dr2022]: { municipality: 'Örebro', committee: 'Programnämnd social välfärd', documentType: 'delårsrapport', year: 2022, period: 'Prognos 2', title: /^Delårsrapport med prognos 2 2022/ },
  [DOCS.enkoping]: { municipality: 'Enköping', committee: 'Socialnämnden', documentType: 'nämndplan', year: 2024, period: null, title: /Nämndplan med budget 2024 och plan för 2025–2026/ },
  [DOCS.vp2016]: { municipality: 'Örebro', committee: 'Socialnämnd öster', documentType: 'verksamhetsplan', year: 2016, period: null, title: /Verksamhetsplan med budget 2016/ },
} as const;

/** Every PDF of ../shared/corpus/real, as its cover, title block and running header read to a person. */
const REAL = {
  'goteborg-intraservice-delarsrapport-mars-2026': { municipality: 'Göteborg', committee: 'Nämnden för Intraservice', documentType: 'delårsrapport', year: 2026, period: 'mars', title: /^Delårsrapport mars 2026/ },
  // The cover's first lines are the addressee (`Kommunfullmäktige`, `Handling … nr …`) and the PDF's own title is
  // `Göteborgs Stad kommunfullmäktige`; the running header names the document.
  'goteborg-stadsrevisionen-arsredogorelse-2022': { municipality: 'Göteborg', committee: 'Stadsrevisionen', documentType: 'årsredogörelse', year: 2022, period: null, title: /^Stadsrevisionens årsredogörelse (och .*)?2022$/ },
  'goteborg-stadsrevisionen-arsredogorelse-2023': { municipality: 'Göteborg', committee: 'Stadsrevisionen', documentType: 'årsredogörelse', year: 2023, period: null, title: /^Stadsrevisionens årsredogörelse (och .*)?2023$/ },
  'goteborg-stadsrevisionen-arsredogorelse-2024': { municipality: 'Göteborg', committee: 'Stadsrevisionen', documentType: 'årsredogörelse', year: 2024, period: null, title: /^Stadsrevisionens årsredogörelse (och .*)?2024$/ },
  'simrishamn-kultur-och-fritidsnamnden-arsbokslut-2025': { municipality: 'Simrishamn', committee: 'Kultur- och fritidsnämnden', documentType: 'årsbokslut', year: 2025, period: null, title: /^(2025 årsbokslut|årsbokslut 2025)$/i },
  'simrishamn-kultur-och-fritidsnamnden-budgetskrivelse-investeringar-2027-2031': { municipality: 'Simrishamn', committee: 'Kultur- och fritidsnämnden', documentType: 'budget', year: 2027, period: null, title: /^Budgetskrivelse för investeringar 2027-2031$/ },
  // Minutes: the committee and the meeting's date from the running header.
  'simrishamn-samhallsplaneringsnamnden-protokoll-april-2024': { municipality: 'Simrishamn', committee: 'Samhällsplaneringsnämnden', documentType: 'protokoll', year: 2024, period: 'april', title: /^(Sammanträds)?protokoll.*Samhällsplaneringsnämnden.*2024-04-25/i },
} as const;

describe('findCommittee', () => {
  it('names the committee with its qualifier, in the definite form where the text has it', () => {
    expect(findCommittee('SOCIALNÄMNDENS VERKSAMHETSPLAN MED BUDGET 2024')).toBe('Socialnämnden');
    expect(findCommittee('Socialnämnd öster – Verksamhetsplan med budget 2016')).toBe('Socialnämnd öster');
    expect(findCommittee('DELÅRSRAPPORT MED PROGNOS 2 2022 PROGRAMNÄMND SOCIAL VÄLFÄRD')).toBe('Programnämnd social välfärd');
    expect(findCommittee('Organisation: Kultur- och fritidsnämnden')).toBe('Kultur- och fritidsnämnden');
    expect(findCommittee('ARSBERATTELSE 2023 - SOCIALNAMNDEN')).toBe('Socialnämnden');
    expect(findCommittee('Nämnden för Intraservice')).toBe('Nämnden för Intraservice');
    expect(findCommittee('Varje nämnd ska ha en budget i balans')).toBeNull();
  });
});

describe('readMetadata on the corpus', () => {
  for (const [name, want] of Object.entries(EXPECTED)) {
    for (const variant of ['pdf', 'pdf-untagged'] as const) {
      // Without ../shared, the tagged PDFs of samples/pdf.
      it.skipIf(!hasPdfsIn(variant, name))(`${name} (${variant})`, async () => {
        const { document } = await parsedCorpus(name, variant, { noOcr: true });
        const { title, ...rest } = want;
        expect(document).toMatchObject(rest);
        expect(document.title).toMatch(title);
        // Read from the document, not its file name.
        expect(document.title).not.toContain(name);
      });
    }
  }

  for (const [name, want] of Object.entries(REAL)) {
    for (const variant of ['', 'untagged/']) {
      const file = path.join(SHARED, 'corpus/real', variant, `${name}.pdf`);
      if (variant && !existsSync(file)) continue;
      it.skipIf(!hasShared)(`real/${variant}${name}`, async () => {
        const { document } = await parsedFile(file, { noOcr: true });
        const { title, ...rest } = want;
        expect(document).toMatchObject(rest);
        expect(document.title).toMatch(title);
        expect(document.title).not.toMatch(/\.(pdf|docx?)$/i);
      });
    }
  }

  it.skipIf(!hasShared)('covers every PDF of corpus/real and corpus/real/untagged', () => {
    const names = (dir: string) => readdirSync(path.join(SHARED, 'corpus/real', dir)).filter((f) => f.endsWith('.pdf')).map((f) => f.replace(/\.pdf$/, ''));
    expect(names('').sort()).toEqual(Object.keys(REAL).sort());
    for (const n of names('untagged')) expect(Object.keys(REAL)).toContain(n);
  });

  it.skipIf(!hasShared)('covers every text PDF of the corpus', () => {
    const names = readdirSync(path.join(SHARED, 'corpus/pdf-untagged')).map((f) => f.replace(/\.pdf$/, ''));
    expect(names.sort()).toEqual(Object.keys(EXPECTED).sort());
  });
});
