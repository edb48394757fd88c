import { describe, expect, it } from 'vitest';
import { coverage } from '../src/answer/evidence.ts';
import { route } from '../src/answer/router.ts';
import { termIn, words } from '../src/answer/text.ts';

describe('question terms against document words', () => {
  it('matches a short word as the head of a compound after its linking s, not as any tail', () => {
    expect(termIn('lan', words('Bibliotekslån'))).toBe(true);
    expect(termIn('lan', words('bibliotekslånen'))).toBe(true);
    expect(termIn('lan', words('Budgetplan'))).toBe(false);
    expect(termIn('ram', words('program'))).toBe(false);
  });

  it('counts a question compound half when the text names only its head', () => {
    expect(coverage(['budgetram'], 'kan inte hanteras inom ram för 2027')).toBe(0.5);
    expect(coverage(['budgetram'], 'ett nytt program för 2027')).toBe(0);
  });

  it('keeps the period asked (års, a span of months) out of the subject terms', () => {
    expect(route('Vad var mattjänst 2022 års utfall jan-aug i delårsrapporten 2022?').terms).toEqual(['mattjanst']);
  });

  it('reads a definite noun before a capitalised name as the kind of thing, not the subject', () => {
    const terms = route('Hur stora intäkter har tjänsteområdet Digital infrastruktur 2026?').terms;
    expect(terms).toEqual(expect.arrayContaining(['digital', 'infrastruktur']));
    expect(terms.some((t) => t.startsWith('tjanst'))).toBe(false);
  });

  it('keeps a participle as the subject when the question names nothing else', () => {
    expect(route('Timavlönade 2021').terms).toEqual(['timavlonad']);
    expect(route('Hur mycket budgeterades för hemtjänst 2023?').terms.some((t) => t.startsWith('budgeter'))).toBe(false);
  });
});
