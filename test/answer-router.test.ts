import { describe, expect, it } from 'vitest';
import { route } from '../src/answer/router.ts';

describe('router: kind and slots from the words of the question', () => {
  it('reads a lookup with forecast round, span and deviation in English', () => {
    const r = route('Hemvårdsnämnden – forecast 2 full-year 2022 budget deviation?');
    expect(r.lang).toBe('en');
    expect(r.kind).toBe('lookup');
    expect(r.period).toMatchObject({ years: [2022], round: 2, span: 'helår' });
    expect(r.columnMeasures).toContain('avvikelse');
    expect(r.terms).toContain('hemvardsnamnd');
  });

  it('reads no measure in the words that name a kind of document', () => {
    // `annual accounts` and `årsbokslutet` name the document; `bokslut` in a column head is an outcome.
    expect(route('Hammenhögsbadet, budget 2025 in the 2025 annual accounts').columnMeasures).toEqual(['budget']);
    expect(route('What figure is given for vikarier in 2020 in the 2022 annual report?').columnMeasures).toEqual([]);
    expect(route('Hur många besökare hade Hammenhögsbadet 2025 enligt årsbokslutet?').columnMeasures).toEqual([]);
    expect(route('Vad var bokslutet 2025 för bibliotek i årsbokslutet?').columnMeasures).toEqual(['utfall']);
    expect(route('Hammenhögsbadet, budget 2025 in the 2025 annual accounts').terms).toEqual(['hammenhogsbad']);
    // A forecast round names the report and its forecast column alike.
    expect(route('What is Hemvårdsnämnden’s forecast 2 full-year 2022 deviation?').columnMeasures).toEqual(expect.arrayContaining(['prognos', 'avvikelse']));
    expect(route('Vad var prognosen för hemvård enligt P2 2022?').columnMeasures).toContain('prognos');
  });

  it('reads what a report expects as its forecast, a whole year named by its number, and income as money', () => {
    const r = route('Hur stora intäkter räknar förvaltningen med för vatten under hela 2026?');
    expect(r.columnMeasures).toContain('prognos');
    expect(r.period).toMatchObject({ years: [2026], span: 'helår' });
    expect(r.expects).toBe('amount');
    expect(r.terms).not.toContain('raknar');
    expect(route('What revenue is expected for 2026?').columnMeasures).toContain('prognos');
  });

  it('reads no period in a quoted title: its years name the document', () => {
    const r = route('What figure is given for ekonomiskt bistånd, budget 2023, according to "Nämndplan med budget 2024 och plan för 2025–2026"?');
    expect(r.kind).toBe('lookup');
    expect(r.period).toMatchObject({ years: [2023], range: null });
    expect(route('Vad var kommunbidraget enligt "Årsredovisning 2023"?').period).toMatchObject({ years: [2023], documentYearOnly: true });
  });

  it('reads document abbreviations as scope', () => {
    expect(route('Hur stor är SN:s budgetram för 2024 enligt VP 2024?').scope).toMatchObject({ docRefs: [{ types: ['verksamhetsplan'], year: 2024 }] });
    expect(route('Eget utförande – bokslut 2023 (mnkr) i ÅB?').scope.docRefs[0]?.types).toContain('årsberättelse');
    expect(route('Prognos enligt delår 2 2022?').scope.docRefs).toEqual([{ types: ['delårsrapport'], year: 2022, round: 2 }]);
    expect(route('What does the 2023 annual report say?').scope.docRefs[0]).toMatchObject({ types: expect.arrayContaining(['årsberättelse']), year: 2023 });
    // Committees and municipalities are not the router's: they are read against the stored documents.
    expect(route('Enköping: Institutionsvård BoU budget 2024?').scope.municipality).toBeNull();
  });

  it('tells calculations, trends and summaries apart', () => {
    expect(route('Vilka driftsnämnder prognostiserar underskott i P2 2022 och hur mycket blir det sammanlagt?')).toMatchObject({ kind: 'calculation', op: 'deficits' });
    expect(route('Hur mycket ökade kostnaden för X från 2022 till 2023, i mnkr och %?')).toMatchObject({ kind: 'calculation', op: 'change' });
    expect(route('What is the total of the targeted state grants listed in DR2 2022?')).toMatchObject({ kind: 'calculation', op: 'sum' });
    expect(route('Hur har SN:s budgetavvikelse utvecklats 2021–2023?')).toMatchObject({ kind: 'trend', period: { range: [2021, 2023] } });
    expect(route('Genomsnittlig kostnad per vårddygn 2019–2023?').kind).toBe('trend');
    expect(route('Sammanfatta Socialnämndens ekonomiska läge 2023').kind).toBe('summary');
    expect(route('kort om budgeten').kind).toBe('summary');
  });

  it('knows what kind of value an answer needs', () => {
    expect(route('Hur många ledamöter har socialnämnden i Enköping?').expects).toBe('count');
    expect(route('What percentage salary increase is budgeted?').expects).toBe('percent');
    expect(route('När hade socialnämnden senast en budget i balans?').expects).toBe('year');
  });
});
