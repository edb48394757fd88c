import type { ScoredChunk, SearchResultRecord } from '../model/chunk.ts';

/** The `search --json` record of a hit. */
export function resultRecord(hit: ScoredChunk): SearchResultRecord {
  const c = hit.chunk;
  const heading = c.headingPath.at(-1) ?? null;
  const section = heading ? [c.sectionNumber, heading].filter(Boolean).join(' ') : (c.sectionNumber ?? null);
  return { document: c.documentId, page: c.pages[0]!, section, score: Number(hit.score.toFixed(6)), text: c.text };
}
