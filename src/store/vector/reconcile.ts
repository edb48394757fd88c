import { chunkDocument } from '../../../ingest/chunk/index.ts';
import type { ParsedDocument } from '../../model/document.ts';
import type { DocumentIndexer } from './indexer.ts';
import { rebuildIndex } from './rebuild.ts';

/** What `reconcileIndex` found (the index against the stored documents) and what it did about it. */
export interface Reconciliation {
  embedder: { expected: string; indexed: string | null };
  /** The index held chunks of another (or an unrecorded) embedder and was rebuilt from the stored documents. */
  rebuilt: boolean;
  /** Stored documents the index had no chunks of: indexed. */
  missing: string[];
  /** Stored documents whose chunk count in the index differed: indexed again. */
  differing: { documentId: string; stored: number; indexed: number }[];
  /** Documents in the index that are not stored: their chunks removed. */
  orphans: string[];
  /** Documents that agreed. */
  agreeing: number;
}

/**
 * Compares the index with the stored documents (embedder, documents, chunk count per document) and repairs every
 * difference: a rebuild when the embedder differs, otherwise the missing or differing documents indexed again and
 * orphaned chunks removed. For an index written outside the document store's transaction (Qdrant), after an
 * interrupted ingest, removal or reindex.
 */
export async function reconcileIndex(
  documents: readonly ParsedDocument[],
  indexer: DocumentIndexer,
  onAction?: (line: string) => void,
): Promise<Reconciliation> {
  const store = indexer.store;
  const expected = indexer.embedder.id;
  const total = await store.count();
  const indexed = total > 0 ? await store.indexedWith() : null;
  const result: Reconciliation = { embedder: { expected, indexed }, rebuilt: false, missing: [], differing: [], orphans: [], agreeing: 0 };
  if (total > 0 && indexed !== expected) {
    onAction?.(`embedder: the index was built with ${indexed ?? 'an unrecorded embedder'}, not ${expected}: rebuilding`);
    await rebuildIndex(documents, indexer);
    result.rebuilt = true;
    return result;
  }
  const inIndex = new Map((await store.documents()).map((d) => [d.documentId, d.chunks]));
  for (const doc of documents) {
    const id = doc.document.id;
    const stored = chunkDocument(doc).length;
    const have = inIndex.get(id);
    inIndex.delete(id);
    if (have === stored) {
      result.agreeing++;
      continue;
    }
    if (have === undefined) {
      onAction?.(`${id}: not in the index (${stored} chunks): indexing`);
      result.missing.push(id);
    } else {
      onAction?.(`${id}: ${have} chunks in the index, ${stored} stored: indexing again`);
      result.differing.push({ documentId: id, stored, indexed: have });
    }
    await indexer.indexDocument(doc);
  }
  for (const [id, chunks] of inIndex) {
    onAction?.(`${id}: ${chunks} chunks in the index of a document that is not stored: removing`);
    await indexer.removeDocument(id);
    result.orphans.push(id);
  }
  return result;
}
