import type { ParsedDocument } from '../model/document.ts';
import { loadEnv } from '../config/env.ts';
import { embedderFromEnv } from '../embed/index.ts';
import type { DocumentStore } from './documents/store.ts';
import { vectorStoreFromEnv } from './vector/index.ts';
import { DocumentIndexer as ChunkIndexer, type PreparedDocument } from './vector/indexer.ts';

/**
 * What the batch runner and `remove` need from the vector index. Both calls run inside the store's transaction
 * for that document, on the store's connection (`store.db`), so a document and its index entries are committed
 * or rolled back together. `indexDocument` replaces a document's earlier chunks.
 */
export interface DocumentIndexer {
  indexDocument(doc: ParsedDocument): Promise<void> | void;
  removeDocument(id: string): Promise<void> | void;
  /**
   * Chunks and embeds a document without writing: an ingest calls it before its transaction opens, so that the
   * embedding (a network call with OpenAI) does not hold the store's write lock; `write` then stores the result.
   */
  prepare?(doc: ParsedDocument): Promise<PreparedDocument>;
  write?(prepared: PreparedDocument): Promise<unknown>;
}

/**
 * The configured vector index over `store.db` (Qdrant when QDRANT_URL is set, else the embedded one) with the
 * configured embedder; ingest and remove pick it up.
 */
export async function openIndexer(store: DocumentStore): Promise<DocumentIndexer | undefined> {
  const env = loadEnv();
  return new ChunkIndexer(vectorStoreFromEnv(env, store.db), await embedderFromEnv(env));
}
