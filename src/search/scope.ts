import type { StoredDocument } from '../store/vector/store.ts';
import { isStopword, words } from '../text/analyzer.ts';
import { foldWord } from '../text/fold.ts';

/** Words in questions that name a kind of document, and the words its metadata or file name use for it. */
const TYPE_WORDS: Record<string, string[]> = {
  vp: ['verksamhetsplan'],
  verksamhetsplan: ['verksamhetsplan'],
  verksamhetsplanen: ['verksamhetsplan'],
  åb: ['årsberättelse'],
  ab: ['årsberättelse'],
  årsberättelse: ['årsberättelse'],
  årsberättelsen: ['årsberättelse'],
  bokslut: ['årsberättelse', 'årsbokslut', 'årsredovisning'],
  dr: ['delårsrapport'],
  dr1: ['delårsrapport'],
  dr2: ['delårsrapport'],
  p2: ['delårsrapport'],
  delår: ['delårsrapport'],
  delårsrapport: ['delårsrapport'],
  delårsrapporten: ['delårsrapport'],
  prognosen: ['delårsrapport'],
  np: ['nämndplan'],
  nämndplan: ['nämndplan'],
  nämndplanen: ['nämndplan'],
  annual: ['årsberättelse'],
  interim: ['delårsrapport'],
};

const DOCUMENT_KINDS = new Set(Object.values(TYPE_WORDS).flat());

/** Words too common in committee documents to tell one from another. */
const GENERIC = new Set(['social', 'socialnamnd', 'socialnamnden', 'namnd', 'namnden', 'kommun', 'kommunen', 'plan', 'rapport']);

export interface DocumentScope {
  /** Per document id, 0–1: how well the question's words name the document (1 for the best match). */
  weights: Map<string, number>;
  /** The question's words that matched some document's metadata. */
  matched: string[];
  /**
   * True when only a year matched: "2020–2022" says which year a figure is from, not which document holds it
   * (five-year overviews of those years sit in later documents), so it is weaker evidence than a name.
   */
  yearOnly: boolean;
}

/**
 * Reads which documents a question is about ("VP 2024", "ÅB 2023", "Enköping", "Soc öster") by matching its
 * words against each stored document's metadata and file name. A word counts by how few documents it picks out
 * (inverse document frequency), so a word every document shares counts nothing. `translations` are the glossary's
 * Swedish terms for the question's English words; those that name a kind of document count as its words.
 */
export function detectScope(query: string, documents: readonly StoredDocument[], translations: readonly string[] = []): DocumentScope {
  const weights = new Map<string, number>();
  if (documents.length < 2) return { weights, matched: [], yearOnly: false };

  const descriptors = documents.map((d) => {
    const text = [d.documentId.replace(/[-_]/g, ' '), d.title, d.municipality, d.committee, d.documentType].filter(Boolean).join(' ');
    return new Set(words(text).map(key));
  });

  const terms = new Set<string>();
  const years: number[] = [];
  for (const w of words(query)) {
    for (const t of TYPE_WORDS[w] ?? []) terms.add(key(t));
    if (/^(19|20)\d\d$/.test(w)) years.push(Number(w));
    else if (w.length >= 4 && !isStopword(w)) terms.add(key(w));
  }
  // An English name of a document's kind (`operational plan`), through its glossary translation.
  for (const t of translations) if (DOCUMENT_KINDS.has(t)) terms.add(key(t));

  const matched: string[] = [];
  const scores = documents.map(() => 0);
  for (const t of terms) {
    if (GENERIC.has(t)) continue;
    const hits = descriptors.map((desc) => [...desc].some((d) => d === t || (t.length >= 5 && d.length >= 5 && (d.startsWith(t) || t.startsWith(d)))));
    const df = hits.filter(Boolean).length;
    if (!df || df === documents.length) continue;
    matched.push(t);
    const idf = Math.log(documents.length / df);
    hits.forEach((h, i) => {
      if (h) scores[i]! += idf;
    });
  }
  const named = matched.length > 0;
  // A question's latest year is the year it is about ("budget 2024 jmf med 2023" is answered by the 2024 plan,
  // "2021–2023" by the 2023 report): a document of that year matches; earlier years are only comparisons.
  if (years.length) {
    const latest = Math.max(...years);
    const hits = documents.map((d) => documentYear(d) === latest);
    const df = hits.filter(Boolean).length;
    if (df && df < documents.length) {
      matched.push(String(latest));
      const idf = Math.log(documents.length / df);
      hits.forEach((h, i) => {
        if (h) scores[i]! += idf;
      });
    }
  }
  const max = Math.max(0, ...scores);
  if (max > 0) documents.forEach((d, i) => weights.set(d.documentId, scores[i]! / max));
  return { weights, matched, yearOnly: !named && matched.length > 0 };
}

/** The document's year from its metadata, else the last year in its id (`…-verksamhetsplan-2024`). */
function documentYear(d: StoredDocument): number | null {
  if (d.year) return d.year;
  const ys = d.documentId.match(/(?:19|20)\d\d/g);
  return ys ? Number(ys.at(-1)) : null;
}

function key(word: string): string {
  return /^\d+$/.test(word) ? word : foldWord(word);
}
