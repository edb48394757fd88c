import snowball from 'snowball-stemmers';
import stopwordsIso from 'stopwords-iso';
import { foldWord } from './fold.ts';

const stemmer = snowball.newStemmer('swedish');

// stopwords-iso lists words that carry meaning in committee documents (`beslut`, `kr`, `högre`); keep those.
const KEEP = new Set([
  'beslut', 'beslutat', 'beslutit', 'kr', 'senast', 'sämre', 'bättre', 'högre', 'lägre', 'högst', 'lägst', 'fler',
  'flera', 'mindre', 'större', 'mer', 'mest', 'minst', 'under', 'noll', 'tidigare', 'nummer', 'nr', 'del', 'delen',
  'dag', 'dagar', 'dygn', 'ökade', 'ökat', 'stor', 'stora', 'stort',
]);
const STOP = new Set((stopwordsIso.sv ?? []).filter((w) => !KEEP.has(w)));
const STOP_FOLDED = new Set([...STOP].map(foldWord));

// Words of the question itself, not of its subject.
const QUESTION_WORDS = new Set([
  'hur', 'vad', 'vilken', 'vilket', 'vilka', 'när', 'var', 'varför', 'mycket', 'många', 'stort', 'stor', 'sammanfatta',
  'sammanfattning', 'kort', 'punkter', 'enligt', 'jmf', 'jämfört', 'utvecklats',
]);

/** Lower-cased words: runs of letters and digits (a Swedish decimal comma splits a number: `663,5` → `663`, `5`). */
export function words(text: string): string[] {
  return text.toLowerCase().normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A single letter (`SN:s` → `s`) says nothing. */
const meaningful = (w: string) => w.length > 1 || /\p{N}/u.test(w);

export function isStopword(word: string): boolean {
  return STOP.has(word) || STOP_FOLDED.has(foldWord(word));
}

/** Snowball Swedish stems of the words that are not stop words. */
export function stems(text: string): string[] {
  return words(text)
    .filter((w) => meaningful(w) && !isStopword(w))
    .map(stem);
}

/** Snowball's Swedish stem; numbers as they are. */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = /^\p{N}+$/u.test(word) ? word : stemmer.stem(word);
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}
const stemCache = new Map<string, string>();

/**
 * Query stems with the forms Snowball does not join: a definite `-n` after a vowel (`sjukfrånvaron` is left
 * whole, `sjukfrånvaro` too) and a definite `-et`, so the query asks for both.
 */
export function queryStems(text: string): string[] {
  const out: string[] = [];
  for (const s of stems(text)) {
    out.push(s);
    if (s.length > 5 && /[aeiouyåäö]n$/.test(s)) out.push(s.slice(0, -1));
    else if (s.length > 4 && /[aouyåäö]$/.test(s)) out.push(`${s}n`);
    // Nor the definite neuter `-et`: `helåret` asks for `helår` too, `effektiviseringskrav` for `…kravet`.
    if (s.length > 6 && s.endsWith('et')) out.push(s.slice(0, -2));
    else if (s.length > 4 && /[^aeiouyåäö]$/.test(s) && !/^\p{N}+$/u.test(s)) out.push(`${s}et`);
  }
  return out;
}

/**
 * Character n-grams of OCR-folded words, padded with `_` at both ends, and each folded word whole. They match inside compounds
 * (`hemsvård` in `familjehemsvård`), across inflections and across OCR misspellings. Numbers stay whole.
 */
export function grams(text: string, n = 4): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (!meaningful(w) || isStopword(w)) continue;
    if (/^\p{N}+$/u.test(w)) {
      out.push(`_${w}_`);
      continue;
    }
    const f = `_${foldWord(w)}_`;
    // The whole folded word as well: a rare word matched whole (OCR-misspelt or not) outweighs shared fragments.
    out.push(f);
    if (f.length <= n) continue;
    for (let i = 0; i + n <= f.length; i++) out.push(f.slice(i, i + n));
  }
  return out;
}

/** Drops words that only shape a question (`hur`, `vilken`) so they do not dilute a query. */
export function withoutQuestionWords(text: string): string {
  return words(text)
    .filter((w) => !QUESTION_WORDS.has(w))
    .join(' ');
}

/** Term frequencies of a token list. */
export function termCounts(tokens: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of tokens) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}
