import { z } from 'zod';
import { loadEnv } from '../../config/env.ts';
import { openSearch } from '../../search/index.ts';
import { rebuildIndex } from '../../store/vector/rebuild.ts';
import { parseCommandArgs } from '../args.ts';
import { openStoredDocuments } from '../store.ts';

const Args = z.object({
  data: z.string().min(1).optional(),
  positionals: z.array(z.string()).max(0, { message: 'reindex takes no arguments' }),
});
const USAGE = 'reindex [--data DIR]';

/** Rebuilds the configured index (Qdrant or embedded) from the stored documents. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { data: { type: 'string' } }, Args, USAGE);
  const env = loadEnv();
  const dataDir = args.data ?? env.NAMNDKOLL_DATA;
  const store = openStoredDocuments(dataDir);
  try {
    const { indexer } = await openSearch(env, store.db);
    const t0 = Date.now();
    // One transaction for the embedded index: a failed rebuild leaves the old index whole.
    const result = await store.transaction(() =>
      rebuildIndex(store.all(), indexer, (id, chunks) => process.stderr.write(`${id}: ${chunks} chunks\n`)),
    );
    process.stderr.write(
      `reindexed ${result.documents} document${result.documents === 1 ? '' : 's'}, ${result.chunks} chunks in ${Date.now() - t0} ms ` +
        `(${indexer.store.kind} store, embedder ${indexer.embedder.id})\n`,
    );
    return 0;
  } finally {
    store.close();
  }
}
