import { z } from 'zod';
import { loadEnv } from '../../config/env.ts';
import { openSearch } from '../../search/index.ts';
import { resultRecord } from '../../search/format.ts';
import { parseCommandArgs } from '../args.ts';
import { openStoredDocuments } from '../store.ts';

const Args = z.object({
  data: z.string().min(1).optional(),
  doc: z.array(z.string().min(1)).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(10),
  json: z.boolean().default(false),
  positionals: z.array(z.string()).min(1, { message: 'give a query in quotes' }),
});
const USAGE = 'search "QUERY" [--doc ID]… [--limit N] [--json] [--data DIR]';

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(
    argv,
    { data: { type: 'string' }, doc: { type: 'string', multiple: true }, limit: { type: 'string' }, json: { type: 'boolean' } },
    Args,
    USAGE,
  );
  const query = args.positionals.join(' ').trim();
  const env = loadEnv();
  const dataDir = args.data ?? env.NAMNDKOLL_DATA;
  const store = openStoredDocuments(dataDir);
  try {
    const { search, indexer } = await openSearch(env, store.db);
    const built = await indexer.store.indexedWith();
    if (!built && store.list().length) {
      process.stderr.write(`The search index is empty but ${store.list().length} documents are stored: run namndkoll reindex\n`);
      return 1;
    }
    if (built && built !== indexer.embedder.id) {
      process.stderr.write(`The index was built with embedder ${built}, not ${indexer.embedder.id}: run namndkoll reindex\n`);
      return 1;
    }
    const hits = await search.search(query, { limit: args.limit, filter: args.doc ? { documentId: args.doc } : undefined });
    const records = hits.map(resultRecord);
    if (args.json) {
      process.stdout.write(`${JSON.stringify(records, null, 1)}\n`);
      return 0;
    }
    if (!records.length) {
      process.stdout.write('No matching passages.\n');
      return 0;
    }
    const out = records.map((r, i) => {
      const where = `${r.document}, s. ${r.page}${r.section ? `, ${r.section}` : ''}`;
      const text = r.text.replace(/\s+/g, ' ').trim();
      return `${i + 1}. [${where}] (${r.score.toFixed(4)})\n   ${text.length > 400 ? `${text.slice(0, 400)}…` : text}`;
    });
    process.stdout.write(`${out.join('\n\n')}\n`);
    return 0;
  } finally {
    store.close();
  }
}
