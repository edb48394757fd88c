import { DocumentStore } from '../../src/store/documents/store.ts';
import { ingestBatch, SAMPLE_PDF_DIR } from '../../src/store/ingest-batch.ts';
import { openIndexer } from '../../src/store/indexer.ts';
import { copyOfStore } from './corpus.ts';

/**
 * Makes `dataDir` a store of the sample corpus as `namndkoll ingest samples/pdf` leaves it (documents and vector
 * index), for tests of what reads a store. The ingest runs once per run; each caller gets its own copy to write to.
 */
export async function sampleStore(dataDir: string): Promise<string> {
  return copyOfStore('samples', dataDir, async (dir) => {
    const store = DocumentStore.open(dir);
    try {
      await ingestBatch([SAMPLE_PDF_DIR], { store, indexer: await openIndexer(store), write: () => {} });
    } finally {
      store.close();
    }
  });
}
