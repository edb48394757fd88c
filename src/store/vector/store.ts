import type { Chunk, ScoredChunk, SearchFilter } from '../../model/chunk.ts';
import type { DocumentType } from '../../model/document.ts';

/** A chunk with what both stores index: its dense vector and its lexical terms (from `src/text/lexical.ts`). */
export interface IndexedChunk {
  chunk: Chunk;
  vector: Float32Array;
  stems: string[];
  grams: string[];
}

export interface StoreQuery {
  vector: Float32Array;
  stems: string[];
  grams: string[];
  filter?: SearchFilter;
  limit: number;
  /**
   * `full` ranks every chunk by vector (what a neural embedder needs to find paraphrases); `rerank` ranks only
   * the lexical candidates, enough for an embedder that sees spelling only. A store may always search in full.
   */
  dense?: 'full' | 'rerank';
  /** Fusion weights of the rankings; `RRF_WEIGHTS` unless given. */
  weights?: { dense: number; stems: number; grams: number };
}

/** One stored document's metadata, for the query-side document-scope detector. */
export interface StoredDocument {
  documentId: string;
  title: string;
  municipality: string | null;
  committee: string | null;
  documentType: DocumentType;
  year: number | null;
  chunks: number;
}

/**
 * Hybrid chunk index: one dense ranking and two lexical (BM25) rankings, stemmed words and OCR-folded
 * character n-grams, fused by reciprocal rank. Implemented by `EmbeddedStore` (SQLite) and `QdrantStore`.
 */
export interface VectorStore {
  readonly kind: 'embedded' | 'qdrant';
  /** Prepares the index for vectors from this embedder; an index built by another one must be rebuilt. */
  init(embedderId: string, dimensions: number): Promise<void>;
  /** The embedder id the index was built with, or null when nothing is indexed. */
  indexedWith(): Promise<string | null>;
  /** Inserts or replaces chunks by id. */
  upsert(items: readonly IndexedChunk[]): Promise<void>;
  deleteDocument(documentId: string): Promise<void>;
  /**
   * Replaces a document's chunks with new ones, writing them before removing the old, for a store whose writes
   * are not part of the document store's transaction: a failure part-way leaves the document searchable.
   * Without it, the indexer deletes and then upserts.
   */
  replaceDocument?(documentId: string, items: readonly IndexedChunk[]): Promise<void>;
  /** Removes every chunk. */
  clear(): Promise<void>;
  /** Best first; `score` is the fused reciprocal-rank score. Ties break on chunk id. */
  search(query: StoreQuery): Promise<ScoredChunk[]>;
  count(): Promise<number>;
  documents(): Promise<StoredDocument[]>;
  close(): Promise<void>;
}

/** Reciprocal-rank constant; 60 as in Cormack et al. (2009). */
export const RRF_K = 60;

/**
 * Weight of each ranking in the fusion. The n-gram ranking is the one that survives OCR misspellings,
 * compounds and inflection, so it leads and stems refine it; the dense weight comes from the embedder
 * (`Embedder.fusionWeight`).
 */
export const RRF_WEIGHTS = { dense: 1, stems: 0.5, grams: 1 } as const;

/** Fuses rankings (lists of keys, best first) by weighted reciprocal rank; ties break on the key. */
export function reciprocalRankFusion<K extends string | number>(
  rankings: readonly { keys: readonly K[]; weight: number }[],
  k = RRF_K,
): { key: K; score: number }[] {
  const scores = new Map<K, number>();
  for (const { keys, weight } of rankings) keys.forEach((key, i) => scores.set(key, (scores.get(key) ?? 0) + weight / (k + i + 1)));
  return [...scores].map(([key, score]) => ({ key, score })).sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
