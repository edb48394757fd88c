import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { preparePdfjs } from '../../ingest/pdf/load.ts';
import { DocumentStore } from '../store/documents/store.ts';
import { ingestBatch } from '../store/ingest-batch.ts';
import { openIndexer, type DocumentIndexer } from '../store/indexer.ts';

export interface IngestRequest {
  /** The downloaded PDF, named `<document id>.pdf` (the batch runner takes the id from the file name). */
  file: string;
  maxPages: number;
}

export interface IngestResult {
  status: 'added' | 'replaced' | 'unchanged';
  id: string;
}

/**
 * Writes to the store: one file at a time, on its own connection (the writer's), in the ingest worker thread.
 * Errors are one line naming the file and the problem.
 */
export class IngestService {
  private opened: { store: DocumentStore; indexer: DocumentIndexer | undefined } | null = null;

  constructor(private readonly dataDir: string) {}

  async ingest(req: IngestRequest, onProgress: (line: string) => void): Promise<IngestResult> {
    const name = path.basename(req.file);
    const pages = await pageCount(req.file);
    if (pages > req.maxPages) throw new Error(`${name}: ${pages} sidor, fler än de ${req.maxPages} som tas emot`);
    onProgress(`${pages} sidor att läsa`);
    const { store, indexer } = await this.open();
    const result = await ingestBatch([req.file], { store, indexer, write: onProgress });
    const r = result.files[0];
    if (!r || r.status === 'failed' || r.status === 'interrupted' || !r.id) throw new Error(r?.error ?? `${name}: the file could not be read`);
    return { status: r.status, id: r.id };
  }

  async remove(id: string): Promise<boolean> {
    const { store, indexer } = await this.open();
    return store.transaction(async () => {
      const removed = store.remove(id);
      // VECTOR INDEX: its entries go in the same transaction as the document.
      if (removed && indexer) await indexer.removeDocument(id);
      return removed;
    });
  }

  close(): void {
    this.opened?.store.close();
    this.opened = null;
  }

  private async open(): Promise<{ store: DocumentStore; indexer: DocumentIndexer | undefined }> {
    if (!this.opened) {
      const store = DocumentStore.open(this.dataDir);
      this.opened = { store, indexer: await openIndexer(store) };
    }
    return this.opened;
  }
}

/** The number of pages, read from the PDF's page tree before anything is parsed (the page cap). */
async function pageCount(file: string): Promise<number> {
  await preparePdfjs();
  const bytes = await readFile(file);
  let doc;
  try {
    doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, disableFontFace: true, stopAtErrors: false }).promise;
  } catch {
    // Not readable as a PDF: the parser says why, in its own words.
    return 0;
  }
  try {
    return doc.numPages;
  } finally {
    await doc.destroy();
  }
}
