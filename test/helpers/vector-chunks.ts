// Chunks, their vectors and queries for the vector-store tests (embedded, Qdrant, the Qdrant stand-in), made with the
// local embedder and the same query analysis search uses.
import { LocalEmbedder } from '../../src/embed/local.ts';
import type { Chunk } from '../../src/model/chunk.ts';
import { analyzeQuery, loadAbbreviations } from '../../src/search/query.ts';
import type { IndexedChunk, StoreQuery } from '../../src/store/vector/store.ts';
import { loadGlossary } from '../../src/text/glossary.ts';
import { chunkTerms, embeddingText } from '../../src/text/lexical.ts';

export const embedder = new LocalEmbedder();
const glossary = loadGlossary();
const abbreviations = loadAbbreviations();

/** A text chunk of section `n` (on page `n`) of a 2024 plan, with `meta` overriding any field. */
export function chunk(documentId: string, n: number, text: string, meta: Partial<Chunk> = {}): Chunk {
  return {
    id: `${documentId}:s${n}:0`,
    documentId,
    title: `Titel ${documentId}`,
    municipality: 'Örebro',
    committee: 'Socialnämnden',
    documentType: 'verksamhetsplan',
    year: 2024,
    kind: 'text',
    sectionId: `s${n}`,
    sectionNumber: null,
    headingPath: [],
    tableId: null,
    pages: [n],
    text,
    context: '',
    ...meta,
  };
}

export async function indexed(chunks: Chunk[]): Promise<IndexedChunk[]> {
  const vectors = await embedder.embed(chunks.map(embeddingText));
  return chunks.map((c, i) => ({ chunk: c, vector: vectors[i]!, ...chunkTerms(c) }));
}

export async function query(text: string, extra: Partial<StoreQuery> = {}): Promise<StoreQuery> {
  const q = analyzeQuery(text, glossary, abbreviations);
  const [vector] = await embedder.embed([q.expanded]);
  return { vector: vector!, stems: q.stems, grams: q.grams, limit: 10, ...extra };
}
