import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { grams, queryStems, withoutQuestionWords, words } from '../text/analyzer.ts';
import { translateTerms, type Glossary } from '../text/glossary.ts';

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
  const core = words(withoutQuestionWords(query))
    .filter((w) => !DOCUMENT_NAMES.has(w))
    .join(' ');
  const extra = [...translateTerms(query, glossary)];
  for (const w of words(query)) extra.push(...(abbreviations.get(w) ?? []));
  const expanded = [core, ...new Set(extra)].join(' ');
  return { expanded, stems: queryStems(expanded), grams: grams(expanded) };
}
