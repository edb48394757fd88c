import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { grams, queryStems, withoutQuestionWords, words } from '../text/analyzer.ts';
import { translateTerms, type Glossary } from '../text/glossary.ts';

const Abbreviations = z.record(z.string(), z.union([z.array(z.string()), z.string()]));

export function loadAbbreviations(file: string | URL = new URL('../text/abbreviations.json', import.meta.url)): Map<string, string[]> {
  const raw = Abbreviations.parse(JSON.parse(readFileSync(file, 'utf8')));
  return new Map(Object.entries(raw).filter((e): e is [string, string[]] => !e[0].startsWith('_') && Array.isArray(e[1])));
}

export interface AnalyzedQuery {
  /** The query with question words dropped and Swedish terms for English words and abbreviations added. */
  expanded: string;
  stems: string[];
  grams: string[];
}

/** Expands a question into the text that is embedded and the terms that are matched. */
export function analyzeQuery(query: string, glossary: Glossary, abbreviations: Map<string, string[]>): AnalyzedQuery {
  const core = withoutQuestionWords(query);
  const extra = [...translateTerms(query, glossary)];
  for (const w of words(query)) extra.push(...(abbreviations.get(w) ?? []));
  const expanded = [core, ...new Set(extra)].join(' ');
  return { expanded, stems: queryStems(expanded), grams: grams(expanded) };
}
