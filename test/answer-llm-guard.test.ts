import { describe, expect, it } from 'vitest';
import { citedInOrder, guardNumbers, removedNote, renumberCitations } from '../src/answer/llm/guard.ts';
import { writtenNumbers } from '../src/answer/llm/numbers.ts';
import type { Source } from '../src/answer/llm/tools.ts';

const src = (id: string, numbers: Source['numbers'], pages: number[] = [3]): Source => ({ id, numbers, pages, citations: [{ document: 'd', page: pages[0]!, section: '', quote: id }] });
const ctx = { question: [], years: new Set([2022]) };
const values = (text: string, lang: 'sv' | 'en') => writtenNumbers(text, lang).map((n) => [n.readings.map((r) => r.value), n.unit]);

describe('numbers in Swedish and English notation', () => {
  it('reads decimal points and commas, grouped thousands, signs and percent', () => {
    expect(values('663.5 och 663,5', 'sv')).toEqual([[[663.5], null], [[663.5], null]]);
    expect(values('1 234 tkr', 'sv')).toEqual([[[1234], 'tkr']]);
    expect(values('−4,6 % och 12.3%', 'sv')).toEqual([[[-4.6], '%'], [[12.3], '%']]);
    expect(values('1 234,5 mnkr, 1,234.5 MSEK', 'en')).toEqual([[[1234.5], 'mnkr'], [[1234.5], 'mnkr']]);
    expect(values('1,234,567 kr', 'en')).toEqual([[[1234567], 'kr']]);
  });

  it('keeps both readings of 1,234 and 1.234, the language’s first', () => {
    expect(values('1,234', 'en')).toEqual([[[1234, 1.234], null]]);
    expect(values('1,234', 'sv')).toEqual([[[1.234, 1234], null]]);
    expect(values('1.234', 'en')).toEqual([[[1.234, 1234], null]]);
  });

  it('does not read a hyphen between digits as a minus', () => {
    expect(values('2021-2023', 'sv')).toEqual([[[2021], null], [[2023], null]]);
  });
});

describe('number guard', () => {
  const f1 = src('F1', [{ value: -47699, unit: 'tkr' }]);
  const s1 = src('S1', [{ value: 663.5, unit: 'mnkr' }]);
  const c1 = src('C1', [{ value: 12.345, unit: '%' }]);

  it('keeps numbers the cited source states, in either notation, converted and rounded to the printed precision', () => {
    for (const text of [
      'Avvikelsen är -47 699 tkr [F1].',
      'The deviation is -47,699 tkr [F1].',
      'Underskottet är 47,7 mnkr [F1].',
      'The deficit is 47.7 mnkr [F1].',
      'Budgeten är 663,5 mnkr [S1].',
      'The budget is 663.5 mnkr [S1].',
      'Andelen är 12,3 % [C1].',
      'The share is 12.3% [C1].',
    ]) {
      const g = guardNumbers(text, [f1, s1, c1], /[åä]|är/.test(text) ? 'sv' : 'en', ctx);
      expect(g.removed, text).toEqual([]);
      expect(g.stated.size, text).toBe(1);
    }
  });

  it('removes a number near but not equal to the source, and one the cited source does not state', () => {
    const g = guardNumbers('The budget is 668.2 mnkr [S1]. The deviation is 663.5 mnkr [F1].', [f1, s1], 'en', ctx);
    expect(g.removed).toEqual(['668.2 mnkr', '663.5 mnkr']);
    expect(g.text).toBe('The budget is [figure removed] [S1]. The deviation is [figure removed] [F1].');
    expect(removedNote(2, 'en')).toMatch(/2 figures .* removed/);
  });

  it('holds a written sign to the source’s: +47 699 tkr is not a deviation of -47 699 tkr', () => {
    expect(guardNumbers('Avvikelsen är +47 699 tkr [F1].', [f1], 'sv', ctx).removed).toEqual(['+47 699 tkr']);
    expect(guardNumbers('Andelen minskade med −12,3 % [C1].', [c1], 'sv', ctx).removed).toEqual(['−12,3 %']);
  });

  it('does not round beyond the precision written: 47,69 mnkr is not -47 699 tkr', () => {
    expect(guardNumbers('Avvikelsen är 47,69 mnkr [F1].', [f1], 'sv', ctx).removed).toEqual(['47,69 mnkr']);
  });

  it('reads a zero as a zero, not as a small number rounded', () => {
    const small = src('S2', [{ value: 0.3, unit: '%' }]);
    expect(guardNumbers('Underskottet är 0 % [S2].', [small], 'sv', ctx).removed).toEqual(['0 %']);
  });

  it('checks an uncited sentence against what its paragraph cites, and removes numbers in a paragraph citing nothing', () => {
    const g = guardNumbers('Avvikelsen är -47 699 tkr. Den kommer från tabellen [F1].\n\nDessutom 12 345 tkr.', [f1], 'sv', ctx);
    expect(g.removed).toEqual(['12 345 tkr']);
    expect([...g.cited]).toEqual(['F1']);
  });

  it('lets years, cited pages and list numbers stand', () => {
    const g = guardNumbers('1. Helår 2022, s. 3: -47 699 tkr [F1].', [f1], 'sv', ctx);
    expect(g.removed).toEqual([]);
  });

  it('turns citation ids into the numbers of the source list, in the order first cited', () => {
    const text = 'A är 1 tkr [F3]. B är 2 tkr [S1, F3]. C [X9] och D [C2] .';
    expect(citedInOrder(text)).toEqual(['F3', 'S1', 'C2']);
    expect(renumberCitations(text, new Map([['F3', 1], ['S1', 2]]))).toBe('A är 1 tkr [1]. B är 2 tkr [1, 2]. C [X9] och D.');
  });
});
