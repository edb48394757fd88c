import type { ScoredChunk, SearchResultRecord } from '../model/chunk.ts';

/** The `search --json` record of a hit. */
export function resultRecord(hit: ScoredChunk): SearchResultRecord {
  const c = hit.chunk;
  const heading = c.headingPath.at(-1) ?? null;
  // Headings often carry their number already (`6.3.1 Planering …`).
  const numbered = heading && c.sectionNumber && !heading.startsWith(c.sectionNumber) ? `${c.sectionNumber} ${heading}` : heading;
  const section = numbered ?? c.sectionNumber ?? null;
  return { document: c.documentId, page: c.pages[0]!, section, score: Number(hit.score.toFixed(6)), text: c.text };
}
