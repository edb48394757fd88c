import { describe, expect, it } from 'vitest';
import { nameShare, operandQuery, readOperation } from '../src/answer/operations.ts';
import { facetsOf, resolveScope } from '../src/answer/scope.ts';
import { quotesCaption } from '../src/answer/calculate.ts';
import { route } from '../src/answer/router.ts';
import { lexiconOf } from '../src/text/lexicon.ts';

describe('operations grammar, Swedish and English', () => {
  it('reads a change or difference between two columns of one subject', () => {
    const sv = readOperation('Hur stor var den procentuella förändringen av öppna insatser vuxen mellan budget 2023 och budget 2024?');
    expect(sv).toMatchObject({ op: 'change', percent: true });
    expect(sv?.operands.map((o) => o.column)).toEqual(['budget 2023', 'budget 2024']);
    const en = readOperation('By how much did summa intäkter change between the 2022 actual and the 2023 actual?');
    expect(en?.op).toBe('change');
    expect(en?.operands.map((o) => o.column)).toEqual(['the 2022 actual', 'the 2023 actual']);
    expect(readOperation('Vad är skillnaden i mottagning mellan plan 2025 och plan 2026?')?.op).toBe('difference');
    expect(readOperation('How far apart were actual 2023 and budget 2023 for sakkunnigt biträde?')?.op).toBe('difference');
    expect(readOperation('Hur stor var avvikelsen mellan 2022 års utfall och 2022 års budget för revisorer?')?.op).toBe('deviation');
    // The first cue heads the question; a later one belongs to its subject.
    expect(readOperation('Hur stor var den procentuella förändringen av ekonomisk avvikelse mellan 2020 års utfall och 2021 års utfall?')?.op).toBe('change');
    expect(readOperation('Hur mycket ökade avvikelsen mellan 2021 och 2022?')?.op).toBe('change');
    // The preposition bounds the columns, not the verb before it; a year may follow its own preposition.
    expect(readOperation('What was the deviation between actual 2022 and budget 2022 for eget kapital?')?.operands.map((o) => o.column)).toEqual(['actual 2022', 'budget 2022']);
    expect(readOperation('By what percentage did arbetad tid change from in 2020 to in 2021?')).toMatchObject({ op: 'change', percent: true, operands: [{ column: 'in 2020' }, { column: 'in 2021' }] });
    expect(readOperation('What is the sum of arbetad tid and lönekostnad per årsarbetare in 2021 in the annual report?')?.operands).toEqual([
      { subject: 'arbetad tid', column: '2021' },
      { subject: 'lönekostnad per årsarbetare', column: '2021' },
    ]);
  });

  it('reads sums of named rows, with the period after them', () => {
    const sv = readOperation('Summera ekonomiskt bistånd (personal) och mottagning för 2022 års bokslut.');
    expect(sv?.op).toBe('sum');
    expect(sv?.operands.map((o) => o.subject)).toEqual(['ekonomiskt bistånd (personal)', 'mottagning']);
    expect(sv?.operands[0]?.column).toBe('2022 års bokslut');
    const en = readOperation('What do kommunbidrag and periodens resultat add up to, the 2024 actual?');
    expect(en?.operands.map((o) => o.subject)).toEqual(['kommunbidrag', 'periodens resultat']);
    expect(readOperation('Vad blir A-verksamhet, B-verksamhet och C-verksamhet tillsammans budget 2024?')?.operands).toHaveLength(3);
  });

  it('gives the last operand its words back from a period phrase read lazily, and joins by plus alone when it is there', () => {
    const subjects = (q: string) => readOperation(q)?.operands.map((o) => o.subject);
    expect(subjects('What is the sum of nämnd SN and öppna insatser BoU budget 2023 in the plan?')).toEqual(['nämnd sn', 'öppna insatser bou']);
    expect(subjects('Hur mycket var förtroendevalda revisorer plus sakkunnigt biträde 2021 års utfall i årsredogörelsen?')).toEqual(['förtroendevalda revisorer', 'sakkunnigt biträde']);
    expect(readOperation('Hur mycket var förtroendevalda revisorer plus sakkunnigt biträde 2021 års utfall?')?.operands[0]?.column).toBe('2021 års utfall');
    expect(subjects('Hur mycket var administrativ enhet plus mottagning och jourenhet 2015 års budget?')).toEqual(['administrativ enhet', 'mottagning och jourenhet']);
    const en = readOperation('What do social nämnd and hemvårdsnämnd add up to, forecast (Prognos 2) 2022, in the interim report?');
    expect(en).toMatchObject({ op: 'sum', operands: [{ subject: 'social nämnd', column: 'forecast (prognos 2) 2022' }, { subject: 'hemvårdsnämnd' }] });
  });

  it('reads a share of a whole, giving subject words back from the period phrase', () => {
    const sv = readOperation('Hur många procent av summa kostnader var övriga kostnader budget 2022?');
    expect(sv).toMatchObject({ op: 'share', operands: [{ subject: 'övriga kostnader', column: 'budget 2022' }, { subject: 'summa kostnader', column: 'budget 2022' }] });
    expect(readOperation('What share of summa intäkter was kommunbidrag the 2023 budget?')?.operands[0]?.subject).toBe('kommunbidrag');
  });

  it('reads no operation in a plain lookup', () => {
    expect(readOperation('Hur stort kommunbidrag fick nämnden 2021?')).toBeNull();
  });
});

describe('an operand that names the scope', () => {
  const scope = resolveScope(route('Summera överförmyndarnämnd och programnämnd social välfärd budget 2022'), [
    facetsOf({ id: 'dr', title: 'Delårsrapport 2022', municipality: 'Ydre', committee: 'Programnämnd social välfärd', documentType: 'delårsrapport', year: 2022 }),
  ]);
  it('is its own row when listed among other subjects, and no subject when it is all a question names', () => {
    const listed = readOperation('Summera överförmyndarnämnd och programnämnd social välfärd budget 2022')!;
    expect(operandQuery(listed.operands[1]!, scope, true).terms.length).toBeGreaterThan(0);
    expect(operandQuery(listed.operands[1]!, scope, false).terms).toEqual([]);
  });
});

describe('a label word against the subject word asked', () => {
  it('is the word when it only inflects it, half of it when one is a compound of the other', () => {
    expect(nameShare('hemtjanstens', 'hemtjanst')).toBe(1);
    expect(nameShare('kostnaderna', 'kostnad')).toBe(1);
    // A compound names a kind of its last part: a loan of the library, wages' costs.
    expect(nameShare('bibliotekslan', 'bibliotek')).toBe(0.5);
    expect(nameShare('bibliotek', 'bibliotekslan')).toBe(0.5);
    expect(nameShare('lonekostnader', 'lon')).toBe(0.5);
    expect(nameShare('budget', 'hemtjanst')).toBe(0);
  });
});

describe('English without a glossary entry per word', () => {
  const lexicon = lexiconOf(['Implementeringen av cybersäkerhetslagen', 'Antal incidenter lösta', 'Digital infrastruktur', 'Österlens museum']);

  it('meets cognates through character trigrams', () => {
    expect(lexicon.cognates('implementing')).toContain('implementeringen');
    expect(lexicon.cognates('incidents')).toContain('incidenter');
    expect(lexicon.cognates('infrastructure')).toContain('infrastruktur');
    expect(lexicon.cognates('library')).toEqual([]);
  });

  it('keeps English words the documents use, adds cognates, and never requires a word the documents lack', () => {
    const r = route('How much did implementing digital infrastructure at the museum cost, and which lawyers helped?', lexicon);
    expect(r.lang).toBe('en');
    expect(r.terms.some((t) => t.split('|').some((a) => a.startsWith('implementer')))).toBe(true);
    expect(r.terms).toContain('museum');
    expect(r.terms.join(' ')).not.toMatch(/lawyer/);
    expect(r.query).toContain('implementeringen');
  });
});

describe('a table the question names by its caption', () => {
  it('is named when the question quotes the caption, or its end or start, whole words only', () => {
    expect(quotesCaption('Vilka poster har negativ avvikelse i tabellen "Ekonomi"?', 'Ekonomi')).toBe(true);
    expect(quotesCaption('Vilka rader i «Programnämndens egen verksamhet» har underskott?', 'Tabell 3 Programnämndens egen verksamhet')).toBe(true);
    expect(quotesCaption('Which lines in the table "Ekonomi" show a deficit?', 'Ekonomiskt resultat')).toBe(false);
    expect(quotesCaption('Vilka poster har negativ avvikelse i tabellen Ekonomi?', 'Ekonomi')).toBe(false);
  });
});
