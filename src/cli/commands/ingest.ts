import { statSync } from 'node:fs';
import { z } from 'zod';
import { loadEnv } from '../../config/env.ts';
import { DocumentStore } from '../../store/documents/store.ts';
import { collectPdfs, ingestBatch } from '../../store/ingest-batch.ts';
import { databasePath } from '../../store/database.ts';
import { EmbeddedStore } from '../../store/vector/embedded.ts';
import { DocumentIndexer as ChunkIndexer } from '../../store/vector/indexer.ts';
import { logger } from '../../log/logger.ts';
import { clock, ProgressBar } from '../progress-bar.ts';
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
    const started = Date.now();
    // Counted here as well as in the batch: the bar needs its length before the first file.
    const { files } = await collectPdfs(args.positionals);
    const bar = files.length > 1 ? new ProgressBar(files.length, 'ingest') : null;
    let parsed = 0;
    let pages = 0;
    // Time spent on files already stored (a resumed batch passes over them): hashing and looking each up.
    let skipSeconds = 0;
    let last = Date.now();
    const result = await ingestBatch(args.positionals, {
      store,
      indexer,
      noOcr: args['no-ocr'],
      force: args.force,
      signal: controller.signal,
      write: bar ? (line) => bar.line(line) : undefined,
      fileLines: bar && process.stderr.isTTY ? 'problems' : 'all',
      onFile: (r, didParse) => {
        const now = Date.now();
        if (r.status === 'unchanged') skipSeconds += (now - last) / 1000;
        last = now;
        if (didParse) {
          parsed++;
          pages += r.pages;
        }
        bar?.tick(didParse);
      },
    });
    bar?.finish();
    // An index written before the term sketch's current format is recounted here, on a write, never when searching.
    const vectors = indexer instanceof ChunkIndexer ? indexer.store : null;
    if (vectors instanceof EmbeddedStore && !vectors.termStatsCurrent()) vectors.rebuildTermStats();
    const stats = { ...batchStats(dataDir, started, parsed, pages), skipSeconds };
    if (files.length > 1) {
      process.stderr.write(
        `${parsed} document${parsed === 1 ? '' : 's'} (${pages} pages) parsed and stored in ${clock(stats.seconds)}: ` +
          `${stats.documentsPerMinute.toFixed(1)} documents/minute` +
          `${result.unchanged ? `; ${result.unchanged} already stored, passed over in ${stats.skipSeconds.toFixed(1)} s` : ''}; peak RSS ${stats.peakRssMb.toFixed(0)} MB; store ${stats.storeMb.toFixed(1)} MB\n`,
      );
      logger.debug({ stats }, 'ingest statistics');
    }
    if (args.json) process.stdout.write(`${JSON.stringify({ dataDir, ...result, stats }, null, 1)}\n`);
    if (result.interrupted) return 130;
    return result.failed > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onSigint);
    store.close();
  }
}

/** Rate, memory high-water mark (this process and its threads) and the size of the store on disk. */
function batchStats(dataDir: string, started: number, parsed: number, pages: number) {
  const seconds = (Date.now() - started) / 1000;
  const file = databasePath(dataDir);
  const size = (f: string) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  };
  const cpu = process.cpuUsage();
  return {
    seconds,
    /** CPU time of this process and its parser and OCR threads: on a busy machine, the rate it would have alone. */
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    parsed,
    pages,
    documentsPerMinute: seconds > 0 ? (parsed / seconds) * 60 : 0,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    storeMb: (size(file) + size(`${file}-wal`)) / 2 ** 20,
  };
}
