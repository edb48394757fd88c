import { z } from 'zod';
import { loadEnv } from '../../config/env.ts';
import { DocumentStore } from '../../store/documents/store.ts';
import { openIndexer } from '../../store/indexer.ts';
import { parseCommandArgs } from '../args.ts';

const Args = z.object({
  data: z.string().min(1).optional(),
  positionals: z.array(z.string().min(1)).min(1, { message: 'give the id of a stored document (see namndkoll list)' }),
});
const USAGE = 'remove ID… [--data DIR]';

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { data: { type: 'string' } }, Args, USAGE);
  const dataDir = args.data ?? loadEnv().NAMNDKOLL_DATA;
  const store = DocumentStore.openExisting(dataDir);
  if (!store) {
    for (const id of args.positionals) process.stderr.write(`${id}: not stored (no store in ${dataDir})\n`);
    return 1;
  }
  try {
    const indexer = await openIndexer(store);
    let missing = 0;
    for (const id of args.positionals) {
      const removed = await store.transaction(async () => {
        const removed = store.remove(id);
        // VECTOR INDEX: its entries go in the same transaction as the document.
        if (removed && indexer) await indexer.removeDocument(id);
        return removed;
      });
      if (removed) process.stderr.write(`${id}: removed\n`);
      else {
        missing++;
        process.stderr.write(`${id}: not stored (see namndkoll list)\n`);
      }
    }
    return missing ? 1 : 0;
  } finally {
    store.close();
  }
}
