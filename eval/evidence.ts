// Whether a retrieved chunk holds a question's evidence: shared by eval:retrieval and the search bench's recall at scale.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ScoredChunk } from '../src/model/chunk.ts';

export const RetrievalQuestion = z.object({
  id: z.string(),
  type: z.string(),
  lang: z.string(),
  question: z.string(),
  evidence: z.array(z.object({ doc: z.string(), quote: z.string() })),
});
export type RetrievalQuestion = z.infer<typeof RetrievalQuestion>;

export function readQuestions(file: string): RetrievalQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => RetrievalQuestion.parse(JSON.parse(l)));
}

const norm = (s: string) => s.toLowerCase().normalize('NFC').replace(/[\u00a0\u2009\u202f\t]/g, ' ').replace(/[−–]/g, '-').replace(/\s+/g, ' ').trim();
const tokens = (s: string) => norm(s).split(/[^\p{L}\p{N},.%-]+/u).filter(Boolean);

/** A quote is in a text when at least 80 % of its words are. */
export function holdsQuote(quote: string, text: string): boolean {
  const want = tokens(quote);
  const have = new Set(tokens(text));
  return want.length > 0 && want.filter((t) => have.has(t)).length / want.length >= 0.8;
}

/** 1-based rank of the first hit that holds one of the question's evidence quotes in the right document, or null. */
export function evidenceRank(q: RetrievalQuestion, hits: readonly ScoredChunk[]): number | null {
  const i = hits.findIndex((h) => q.evidence.some((e) => e.doc === h.chunk.documentId && holdsQuote(e.quote, h.chunk.text)));
  return i < 0 ? null : i + 1;
}
