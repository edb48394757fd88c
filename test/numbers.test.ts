import { describe, expect, it } from 'vitest';
import { isEmptyMark, kronorScale, parseSwedishNumber, parseYear } from '../ingest/numbers/parse.ts';

// Every number format met in the corpus and the real PDFs, with the value and unit it must read as.
const NUMBERS: [raw: string, value: number, unit: string | null][] = [
  // grouping: space, no-break space, thin space, narrow no-break space
  ['229 871', 229871, null],
  ['1 554 703', 1554703, null],
  ['1\u00a0234', 1234, null],
  ['1\u2009234', 1234, null],
  ['1\u202f234', 1234, null],
  ['1310', 1310, null],
  ['0', 0, null],
  // decimal comma
  ['1 234,5', 1234.5, null],
  ['26,5', 26.5, null],
  ['0,800', 0.8, null],
  ['-0,4', -0.4, null],
  // minus: hyphen, U+2212, en dash, with a space after it (`- 6 279` in Simrishamn)
  ['-47 699', -47699, null],
  ['−47 699', -47699, null],
  ['–47 699', -47699, null],
  ['– 47 699', -47699, null],
  ['- 6 279', -6279, null],
  ['-\u00a06 279', -6279, null],
  ['+5,9', 5.9, null],
  // parentheses for a negative amount
  ['(1 234)', -1234, null],
  // a note after the figure, and `kr` misread as `ke` in an OCR'd text layer (the Årsberättelse 2023)
  ['159 050 (prel)', 159050, null],
  ['2 972 (prognos)', 2972, null],
  ['2686 ke', 2686, 'kr'],
  // units
  ['82 %', 82, '%'],
  ['112%', 112, '%'],
  ['97,1%', 97.1, '%'],
  ['-36%', -36, '%'],
  ['82\u00a0%', 82, '%'],
  ['12,5 procent', 12.5, '%'],
  ['2 486 kr', 2486, 'kr'],
  ['5 tkr', 5, 'tkr'],
  ['1 234 567 tkr', 1234567, 'tkr'],
  ['12,3 mnkr', 12.3, 'mnkr'],
  ['12,3 Mnkr', 12.3, 'mnkr'],
  ['4 mkr', 4, 'mnkr'],
  ['3 dagar', 3, 'dagar'],
  ['8 st', 8, 'st'],
  // footnote marks
  ['-400*', -400, null],
  ['1 234¹', 1234, null],
  ['1 234 1)', 1234, null],
  // a year split by extraction reads as a number in a body cell
  ['2 022', 2022, null],
];

const NOT_NUMBERS = ['Öka', 'Nivå', 'K: 84%', '64 K: 9 M: 55', 'ung 116 000', '2022-01-20', '12 34', '1 2345', '1,234,5', '2 300 kr/dygn', '%', 'kr', ''];
const EMPTY_MARKS = ['-', '---', '–', '—', '−', '..', 'x', ' - '];

describe('parseSwedishNumber', () => {
  it.each(NUMBERS)('reads %j as %d %s', (raw, value, unit) => {
    const n = parseSwedishNumber(raw);
    expect(n).not.toBeNull();
    expect(n!.value).toBeCloseTo(value, 9);
    expect(n!.unit).toBe(unit);
    expect(n!.raw).toBe(raw);
  });

  it.each(NOT_NUMBERS)('returns null for the text %j', (raw) => {
    expect(parseSwedishNumber(raw)).toBeNull();
  });

  it.each(EMPTY_MARKS)('returns null for the empty mark %j', (raw) => {
    expect(isEmptyMark(raw)).toBe(true);
    expect(parseSwedishNumber(raw)).toBeNull();
  });

  it('does not take numbers for empty marks', () => {
    for (const [raw] of NUMBERS) expect(isEmptyMark(raw)).toBe(false);
  });
});

describe('parseYear', () => {
  it.each([
    ['2022', 2022],
    ['2 022', 2022],
    ['2\u00a0023', 2023],
    ['1999', 1999],
  ] as const)('reads %j as %d', (raw, year) => {
    expect(parseYear(raw)).toBe(year);
  });

  it.each(['22', '2022-01-20', '12 345', 'Utfall 2022', '2 0222', '1 234'])('returns null for %j', (raw) => {
    expect(parseYear(raw)).toBeNull();
  });
});

describe('kronorScale', () => {
  it('scales money units to kronor and leaves others alone', () => {
    expect(kronorScale('kr')).toBe(1);
    expect(kronorScale('tkr')).toBe(1e3);
    expect(kronorScale('mnkr')).toBe(1e6);
    expect(kronorScale('%')).toBeNull();
    expect(kronorScale(null)).toBeNull();
  });
});
