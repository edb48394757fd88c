import { z } from 'zod';
import { loadEnv } from '../../config/env.ts';
import { openSearch } from '../../search/index.ts';
import { rebuildIndex } from '../../store/vector/rebuild.ts';
import { reconcileIndex } from '../../store/vector/reconcile.ts';
import { parseCommandArgs } from '../args.ts';
import { openStoredDocuments } from '../store.ts';

const Args = z.object({
  data: z.string().min(1).optional(),
  check: z.boolean().optional(),
  positionals: z.array(z.string()).max(0, { message: 'reindex takes no arguments' }),
});
const USAGE = 'reindex [--check] [--data DIR]';

/**
 * Rebuilds the configured index (Qdrant or embedded) from the stored documents; with --check, compares the index
 * with the stored documents (embedder, documents, chunk counts) and repairs only what differs.
 */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { data: { type: 'string' }, check: { type: 'boolean' } }, Args, USAGE);
  const env = loadEnv();
  const dataDir = args.data ?? env.NAMNDKOLL_DATA;
  const store = openStoredDocuments(dataDir);
  try {
    const { indexer } = await openSearch(env, store.db);
    const t0 = Date.now();
    const where = `(${indexer.store.kind} store, embedder ${indexer.embedder.id})`;
    if (args.check) {
      const documents = store.all();
      const r = await store.transaction(() => reconcileIndex(documents, indexer, (line) => process.stdout.write(`${line}\n`)));
      const repaired = r.missing.length + r.differing.length + r.orphans.length;
      process.stdout.write(
        r.rebuilt
          ? `checked ${documents.length} stored documents: rebuilt the index ${where} in ${Date.now() - t0} ms\n`
          : `checked ${documents.length} stored documents: ${r.agreeing} agree, ${r.missing.length} missing, ${r.differing.length} with other chunk counts, ` +
              `${r.orphans.length} orphaned in the index; ${repaired ? `repaired ${repaired}` : 'nothing to repair'} ${where} in ${Date.now() - t0} ms\n`,
      );
      return 0;
    }
    // One transaction for the embedded index: a failed rebuild leaves the old index whole.
    const result = await store.transaction(() =>
      rebuildIndex(store.all(), indexer, (id, chunks) => process.stderr.write(`${id}: ${chunks} chunks\n`)),
    );
    process.stderr.write(`reindexed ${result.documents} document${result.documents === 1 ? '' : 's'}, ${result.chunks} chunks in ${Date.now() - t0} ms ${where}\n`);
    return 0;
  } finally {
    store.close();
  }
}
