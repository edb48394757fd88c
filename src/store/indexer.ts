import type { ParsedDocument } from '../model/document.ts';
import type { DocumentStore } from './documents/store.ts';

/**
 * What the batch runner and `remove` need from the vector index. Both calls run inside the store's transaction
 * for that document, on the store's connection (`store.db`), so a document and its index entries are committed
 * or rolled back together. A replaced document gets `removeDocument(id)` then `indexDocument(doc)`.
 */
export interface DocumentIndexer {
  indexDocument(doc: ParsedDocument): Promise<void> | void;
  removeDocument(id: string): Promise<void> | void;
}

/**
 * The indexer for a store, or undefined while there is none.
 * VECTOR INDEX: return the src/store/vector/ indexer over `store.db` here; ingest and remove pick it up.
 */
export async function openIndexer(_store: DocumentStore): Promise<DocumentIndexer | undefined> {
  return undefined;
}
