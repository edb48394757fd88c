import { chunkDocument } from '../../../ingest/chunk/index.ts';
import type { ParsedDocument } from '../../model/document.ts';
import type { Embedder } from '../../embed/embedder.ts';
import { chunkTerms, embeddingText } from '../../text/lexical.ts';
import { EmbeddedStore } from './embedded.ts';
import type { IndexedChunk, VectorStore } from './store.ts';

export interface PreparedDocument {
  documentId: string;
  items: IndexedChunk[];
}

/**
 * Keeps the chunk index in step with the document store. Embedding may call a server, so it is done first
 * (`prepare`); writing is then synchronous for the embedded store (`writeSync`, `removeSync`), so that it can run
 * inside a better-sqlite3 transaction. `indexDocument` works with both stores, also inside the document store's
 * (async) transaction; Qdrant's writes are not part of that transaction, so a rolled-back ingest can leave its
 * chunks in Qdrant until `reindex --check` (which compares the two and repairs the index).
 */
export class DocumentIndexer {
  private initialized = false;

  constructor(
    readonly store: VectorStore,
    readonly embedder: Embedder,
  ) {}

  async prepare(doc: ParsedDocument): Promise<PreparedDocument> {
    await this.ensureInit();
    const chunks = chunkDocument(doc);
    const vectors = await this.embedder.embed(chunks.map(embeddingText));
    return {
      documentId: doc.document.id,
      items: chunks.map((chunk, i) => ({ chunk, vector: vectors[i]!, ...chunkTerms(chunk) })),
    };
  }

  /** Replaces the document's chunks; synchronous, embedded store only. */
  writeSync(prepared: PreparedDocument): void {
    const store = this.embedded('writeSync');
    store.deleteDocumentSync(prepared.documentId);
    store.upsertSync(prepared.items);
  }

  removeSync(documentId: string): void {
    this.embedded('removeSync').deleteDocumentSync(documentId);
  }

  /** Chunks, embeds and stores a document, replacing any earlier version of it. */
  async indexDocument(doc: ParsedDocument): Promise<void> {
    await this.indexDocumentCounted(doc);
  }

  /** As `indexDocument`, returning the number of chunks written. */
  async indexDocumentCounted(doc: ParsedDocument): Promise<number> {
    return this.write(await this.prepare(doc));
  }

  /** Stores chunks embedded by `prepare`, replacing the document's earlier ones; returns how many. */
  async write(prepared: PreparedDocument): Promise<number> {
    if (this.store.replaceDocument) {
      // Qdrant: the new chunks are written before the old ones go, so a failure leaves the document searchable.
      await this.store.replaceDocument(prepared.documentId, prepared.items);
      return prepared.items.length;
    }
    await this.store.deleteDocument(prepared.documentId);
    const batch = 256;
    for (let i = 0; i < prepared.items.length; i += batch) await this.store.upsert(prepared.items.slice(i, i + batch));
    return prepared.items.length;
  }

  async removeDocument(documentId: string): Promise<void> {
    await this.store.deleteDocument(documentId);
  }

  /** Forget that the store was prepared (after `store.clear()`). */
  reset(): void {
    this.initialized = false;
  }

  private async ensureInit(): Promise<void> {
    if (this.initialized) return;
    await this.store.init(this.embedder.id, this.embedder.dimensions);
    this.initialized = true;
  }

  private embedded(what: string): EmbeddedStore {
    if (!(this.store instanceof EmbeddedStore)) throw new Error(`${what} needs the embedded store; use indexDocument with ${this.store.kind}`);
    return this.store;
  }
}
