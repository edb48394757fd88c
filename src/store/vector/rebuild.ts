import type { ParsedDocument } from '../../model/document.ts';
import type { DocumentIndexer } from './indexer.ts';

export interface RebuildResult {
  documents: number;
  chunks: number;
}

/** Empties the index and indexes every given document again (after a change of embedder, store or chunking). */
export async function rebuildIndex(
  documents: Iterable<ParsedDocument>,
  indexer: DocumentIndexer,
  onDocument?: (id: string, chunks: number) => void,
): Promise<RebuildResult> {
  await indexer.store.clear();
  indexer.reset();
  let n = 0;
  let chunks = 0;
  for (const doc of documents) {
    const c = await indexer.indexDocumentCounted(doc);
    onDocument?.(doc.document.id, c);
    chunks += c;
    n++;
  }
  return { documents: n, chunks };
}
