import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { grams, queryStems, stem, withoutQuestionWords, words } from '../text/analyzer.ts';
import { isEnglishStopword, looksEnglish, translate, type Glossary } from '../text/glossary.ts';

const Abbreviations = z.record(z.string(), z.union([z.array(z.string()), z.string()]));

export function loadAbbreviations(file: string | URL = new URL('../text/abbreviations.json', import.meta.url)): Map<string, string[]> {
  const raw = Abbreviations.parse(JSON.parse(readFileSync(file, 'utf8')));
  return new Map(Object.entries(raw).filter((e): e is [string, string[]] => !e[0].startsWith('_') && Array.isArray(e[1])));
}

const MeasureHeaders = z.record(z.string(), z.union([z.array(z.string()), z.string()]));

/**
 * Measure words (`underskott`, `avvikelse`) → the column-header words of the tables that hold the measure
 * (`Budget-Utfall`, `Avvikelse`), by the measure word's stem. Kept apart from the glossary: the answer layer
 * reads the glossary, and there `utfall` means an outcome, not a deviation's header.
 */
export function loadMeasureHeaders(file: string | URL = new URL('../text/measure-headers.json', import.meta.url)): Map<string, string[]> {
  const raw = MeasureHeaders.parse(JSON.parse(readFileSync(file, 'utf8')));
  return new Map(Object.entries(raw).filter((e): e is [string, string[]] => !e[0].startsWith('_') && Array.isArray(e[1])).map(([k, v]) => [stem(k), v]));
}
const measureHeaders = loadMeasureHeaders();

/** The header words for the measure words of a text: a word whose stem is a key's, or ends in one (`budgetavvikelsen`). */
export function headerTerms(text: string, headers: Map<string, string[]> = measureHeaders): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    const s = stem(w);
    for (const [k, v] of headers) if (s === k || (k.length >= 5 && s.endsWith(k))) out.push(...v);
  }
  return [...new Set(out)];
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
  // A deficit asked for is a table's `Budget-Utfall` or `Avvikelse` column: its rows name only the header.
  extra.push(...headerTerms([core, ...extra].join(' ')));
  // A translation the question already spells out (`ekonomiskt bistånd (financial assistance)`) is not said twice.
  const have = new Set(words(core));
  const expanded = [core, ...new Set(extra)].filter((t, i) => i === 0 || !words(t).every((w) => have.has(w))).join(' ');
  return { expanded, stems: queryStems(expanded), grams: grams(expanded) };
}
