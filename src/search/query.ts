import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { grams, queryStems, withoutQuestionWords, words } from '../text/analyzer.ts';
import { isEnglishStopword, looksEnglish, translate, type Glossary } from '../text/glossary.ts';

const Abbreviations = z.record(z.string(), z.union([z.array(z.string()), z.string()]));

export function loadAbbreviations(file: string | URL = new URL('../text/abbreviations.json', import.meta.url)): Map<string, string[]> {
  const raw = Abbreviations.parse(JSON.parse(readFileSync(file, 'utf8')));
  return new Map(Object.entries(raw).filter((e): e is [string, string[]] => !e[0].startsWith('_') && Array.isArray(e[1])));
}

/**
 * Abbreviations that name a document or the committee as a whole ("SN:s budget enligt VP 2024"). Which document
 * is meant is the scope detector's business; as search terms they would match table rows labelled `SN` or
 * `VP` rather than the passage asked for.
 */
const DOCUMENT_NAMES = new Set(['sn', 'vp', 'åb', 'ab', 'dr', 'dr1', 'dr2', 'np']);

export interface AnalyzedQuery {
  /** The query with question words dropped and Swedish terms for English words and abbreviations added. */
  expanded: string;
  stems: string[];
  grams: string[];
}

/** Expands a question into the text that is embedded and the terms that are matched. */
export function analyzeQuery(query: string, glossary: Glossary, abbreviations: Map<string, string[]>): AnalyzedQuery {
  const english = looksEnglish(query);
  const { terms, translated } = translate(query, glossary);
  // English words the glossary translated, and in an English question its function words, are left out: the
  // documents are Swedish, so they match nothing but dilute the rankings (and `for`, `is` match OCR text).
  const kept = words(query).filter((w, i) => !translated.has(i) && !(english && isEnglishStopword(w) && !abbreviations.has(w)));
  const core = words(withoutQuestionWords(kept.join(' ')))
    .filter((w) => !DOCUMENT_NAMES.has(w))
    .join(' ');
  const extra = [...terms];
  for (const w of words(query)) extra.push(...(abbreviations.get(w) ?? []));
  // A translation the question already spells out (`ekonomiskt bistånd (financial assistance)`) is not said twice.
  const have = new Set(words(core));
  const expanded = [core, ...new Set(extra)].filter((t, i) => i === 0 || !words(t).every((w) => have.has(w))).join(' ');
  return { expanded, stems: queryStems(expanded), grams: grams(expanded) };
}
