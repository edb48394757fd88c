import type { Env } from '../../config/env.ts';
import type { Database } from '../database.ts';
import { EmbeddedStore } from './embedded.ts';
import { QdrantStore } from './qdrant.ts';
import type { VectorStore } from './store.ts';

export type { IndexedChunk, StoreQuery, StoredDocument, VectorStore } from './store.ts';
export { EmbeddedStore, VECTOR_MIGRATIONS } from './embedded.ts';
export { QdrantStore } from './qdrant.ts';
export { DocumentIndexer } from './indexer.ts';

/** Qdrant when QDRANT_URL is set, else the embedded index in the document database. */
export function vectorStoreFromEnv(env: Env, db: Database): VectorStore {
  if (env.QDRANT_URL) return new QdrantStore({ url: env.QDRANT_URL, apiKey: env.QDRANT_API_KEY, collection: env.QDRANT_COLLECTION });
  return new EmbeddedStore(db);
}
export { rebuildIndex } from './rebuild.ts';
