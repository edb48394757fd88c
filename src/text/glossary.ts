import { readFileSync } from 'node:fs';
import { z } from 'zod';
import stopwordsIso from 'stopwords-iso';
import { words } from './analyzer.ts';
import { detectLang } from './lang.ts';

const GlossaryFile = z.record(z.string(), z.union([z.array(z.string()), z.string()]));

export type Glossary = Map<string, string[]>;

/** The English → Swedish domain glossary (`glossary.json` beside this file, or another file of the same shape). */
export function loadGlossary(file: string | URL = new URL('./glossary.json', import.meta.url)): Glossary {
  const raw = GlossaryFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  const out: Glossary = new Map();
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('_') || typeof value === 'string') continue;
    out.set(words(key).join(' '), value);
  }
  return out;
}

// English stop words that are also words or abbreviations of the Swedish documents (`per`, `under`, `HR`, `SN`).
const KEEP_EN = new Set(['per', 'under', 'index', 'information', 'system', 'problem', 'plus', 'minus', 'via', 'text', 'bo', 'hr', 'ht', 'sn', 'ca', 'ge', 'far', 'tv', 'full']);
const EN_STOP = new Set((stopwordsIso.en ?? []).filter((w) => !KEEP_EN.has(w) && !/\d/.test(w)));

/** An English function word (`the`, `according`, `how`): in an English question it names nothing in the documents. */
export function isEnglishStopword(word: string): boolean {
  return EN_STOP.has(word);
}

/** Whether a query reads as English: the one language detector (`src/text/lang.ts`). */
export function looksEnglish(query: string): boolean {
  return detectLang(query) === 'en';
}

/**
 * Swedish terms for the English phrases of a query, longest phrases first. Applied to every query, not only
 * to those that read as English: questions mix the languages ("Hemvårdsnämnden – forecast 2 full-year"), and the
 * glossary's keys are not Swedish words, so a Swedish question gains nothing from it.
 */
export function translateTerms(query: string, glossary: Glossary): string[] {
  return translate(query, glossary).terms;
}

/**
 * The glossary's Swedish terms for a query and the query's words it translated (`words(query)` indices). A
 * translated English word is matched through its translation; searched for itself it only adds noise.
 */
export function translate(query: string, glossary: Glossary): { terms: string[]; translated: Set<number> } {
  // `words` splits on hyphens, so `full-year` in the file and in a query both read `full year`.
  const seq = words(query);
  const out: string[] = [];
  const translated = new Set<number>();
  for (const m of glossaryMatches(seq, glossary)) {
    out.push(...m.terms);
    const same = new Set(m.terms.flatMap((t) => words(t)));
    for (let j = m.start; j < m.start + m.length; j++) {
      // `budget` → `budget`: the word is its own translation and stays.
      if (!same.has(seq[j]!)) translated.add(j);
    }
  }
  return { terms: [...new Set(out)], translated };
}

/**
 * The glossary's phrases in a word sequence, longest first (up to four words) and without overlaps, so that
 * `full year` is read as one phrase before `year` alone. Callers tokenize; the keys are compared as joined words.
 */
export function glossaryMatches(seq: readonly string[], glossary: Glossary): { start: number; length: number; terms: string[] }[] {
  const used = new Array<boolean>(seq.length).fill(false);
  const matches: { start: number; length: number; terms: string[] }[] = [];
  for (let len = 4; len >= 1; len--) {
    for (let i = 0; i + len <= seq.length; i++) {
      if (used.slice(i, i + len).some(Boolean)) continue;
      const hit = glossary.get(seq.slice(i, i + len).join(' '));
      if (!hit) continue;
      for (let j = i; j < i + len; j++) used[j] = true;
      matches.push({ start: i, length: len, terms: hit });
    }
  }
  return matches;
}
