import { z } from 'zod';
import { loadEnv } from '../../config/env.ts';
import { DocumentStore } from '../../store/documents/store.ts';
import { ingestBatch } from '../../store/ingest-batch.ts';
import { openIndexer } from '../../store/indexer.ts';
import { parseCommandArgs } from '../args.ts';

const Args = z.object({
  data: z.string().min(1).optional(),
  json: z.boolean().default(false),
  'no-ocr': z.boolean().default(false),
  force: z.boolean().default(false),
  positionals: z.array(z.string().min(1)).min(1, { message: 'give at least one PDF file or folder' }),
});
const USAGE = 'ingest PATH… [--data DIR] [--json] [--no-ocr] [--force]';

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(
    argv,
    { data: { type: 'string' }, json: { type: 'boolean' }, 'no-ocr': { type: 'boolean' }, force: { type: 'boolean' } },
    Args,
    USAGE,
  );
  const dataDir = args.data ?? loadEnv().NAMNDKOLL_DATA;
  const store = DocumentStore.open(dataDir);

  // First Ctrl-C: finish nothing more, keep what is committed. Second: exit at once; SQLite drops the open transaction.
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\ninterrupting: the file in hand will not be stored (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const indexer = await openIndexer(store);
    const result = await ingestBatch(args.positionals, { store, indexer, noOcr: args['no-ocr'], force: args.force, signal: controller.signal });
    if (args.json) process.stdout.write(`${JSON.stringify({ dataDir, ...result }, null, 1)}\n`);
    if (result.interrupted) return 130;
    return result.failed > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onSigint);
    store.close();
  }
}
