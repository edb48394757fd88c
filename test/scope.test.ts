import { describe, expect, it } from 'vitest';
import { abbreviates, facetsOf, readNames, resolveScope, type DocumentNames } from '../src/search/scope.ts';

// Names no code has heard of: the scope must come from what the documents say about themselves.
const meta = (id: string, municipality: string, committee: string, documentType: DocumentNames['documentType'], year: number, title = ''): DocumentNames => ({
  id,
  title,
  municipality,
  committee,
  documentType,
  year,
  period: null,
  pageCount: 10,
});
const DOCS = [
  facetsOf(meta('a', 'Ydre', 'Kultur- och fritidsnämnden', 'årsbokslut', 2025, 'Årsbokslut 2025')),
  facetsOf(meta('b', 'Ydre', 'Samhällsbyggnadsnämnden', 'delårsrapport', 2025, 'Delårsrapport augusti 2025')),
  facetsOf(meta('c', 'Tranemo', 'Nämnden för Gemensam service', 'verksamhetsplan', 2026, 'Verksamhetsplan 2026')),
  facetsOf(meta('d', 'Tranemo', 'Revisorskollegiet', 'årsredogörelse', 2024, 'Revisorskollegiets årsredogörelse 2024')),
  facetsOf(meta('e', 'Tranemo', 'Revisorskollegiet', 'årsredogörelse', 2023, 'Årsredogörelse 2023')),
];
const ask = (question: string, kind = 'lookup') => resolveScope({ question, kind, period: { years: [...question.matchAll(/(?:19|20)\d\d/g)].map((m) => Number(m[0])) } }, DOCS);
const ids = (question: string, kind?: string) => ask(question, kind).documents.map((d) => d.id);

describe('one scope resolver: names from the stored documents', () => {
  it('reads a committee by its own words, inflected, and a municipality with a genitive', () => {
    expect(ids('Hur stort var revisorskollegiets kommunbidrag 2024?')).toEqual(['d', 'e']);
    expect(ids('Vad kostade biblioteket för kultur- och fritidsnämnden?')).toEqual(['a']);
    expect(ids('Tranemos budget för gemensam service')).toEqual(['c']);
    expect(ids('Vad säger Ydres dokument?').sort()).toEqual(['a', 'b']);
  });

  it('reads a document named by kind and year, within the committee named', () => {
    expect(ids('Sakkunnigt biträde utfall 2024 enligt revisorskollegiets årsredogörelse 2024')).toEqual(['d']);
    expect(ids('Vad var prognosen i delårsrapporten?')).toEqual(['b']);
  });

  it("keeps the committee's other documents for a calculation, ranked below the one the question names", () => {
    const q = 'Summan av sakkunnigt biträde och revisorer 2023 enligt revisorskollegiets årsredogörelse 2024';
    const scope = ask(q, 'calculation');
    expect(scope.documents.map((d) => d.id).sort()).toEqual(['d', 'e']);
    // `e` is of the year asked (2023), `d` is the document named: `d` is read first.
    expect(scope.preference.get('d')!).toBeGreaterThan(scope.preference.get('e')!);
  });

  it('derives committee abbreviations from the names', () => {
    expect(abbreviates('KFN', 'Kultur- och fritidsnämnden')).toBe(true);
    expect(abbreviates('SBN', 'Samhällsbyggnadsnämnden')).toBe(true);
    expect(abbreviates('SN', 'Socialnämnden')).toBe(true);
    expect(abbreviates('PSV', 'Programnämnd social välfärd')).toBe(true);
    expect(abbreviates('KS', 'Kultur- och fritidsnämnden')).toBe(false);
    expect(abbreviates('SN', 'Socialnämnd öster')).toBe(false);
    expect(abbreviates('SN', 'Samhällsplaneringsnämnden')).toBe(false);
    expect(abbreviates('AMN', 'Arbetsmarknadsnämnden')).toBe(true);
    expect(ids('Hur stort blev SBN:s underskott?')).toEqual(['b']);
    expect(ids('KFN nettokostnad 2025')).toEqual(['a']);
  });

  it('never narrows the scope on a word that names nothing stored', () => {
    expect(ids('Hur mycket kostade Blåklintsnämndens projekt?').length).toBe(DOCS.length);
    expect(readNames('What was the audit office equity?', DOCS).committeeDocs.size).toBe(0);
  });

  it('refuses a municipality of the reference list that no stored document is from', () => {
    const s = ask('Vad var underskottet i Malmö 2024?');
    expect(s.documents).toEqual([]);
    expect(s.described).toContain('Malmö');
  });
});
