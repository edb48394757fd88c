import type { Env } from '../config/env.ts';
import { embedderFromEnv } from '../embed/index.ts';
import type { Database } from '../store/database.ts';
import { DocumentIndexer } from '../store/vector/indexer.ts';
import { vectorStoreFromEnv } from '../store/vector/index.ts';
import { HybridSearch } from './hybrid.ts';

export { HybridSearch, type SearchOptions } from './hybrid.ts';
export { detectScope, type DocumentScope } from './scope.ts';
export { analyzeQuery } from './query.ts';

/** The configured store (Qdrant or embedded in `db`), embedder, indexer and search over them. */
export async function openSearch(env: Env, db: Database): Promise<{ search: HybridSearch; indexer: DocumentIndexer }> {
  const embedder = await embedderFromEnv(env);
  const store = vectorStoreFromEnv(env, db);
  return { search: new HybridSearch(store, embedder), indexer: new DocumentIndexer(store, embedder) };
}
