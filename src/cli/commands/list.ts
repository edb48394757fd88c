import { z } from 'zod';
import { loadEnv } from '../../config/env.ts';
import type { DocumentSummary } from '../../model/store.ts';
import { databasePath } from '../../store/database.ts';
import { DocumentStore } from '../../store/documents/store.ts';
import { describeFailedPages } from '../../store/documents/failed-pages.ts';
import { parseCommandArgs } from '../args.ts';

const Args = z.object({
  data: z.string().min(1).optional(),
  json: z.boolean().default(false),
  positionals: z.array(z.string()).max(0, { message: 'list takes no arguments' }),
});
const USAGE = 'list [--data DIR] [--json]';

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { data: { type: 'string' }, json: { type: 'boolean' } }, Args, USAGE);
  const dataDir = args.data ?? loadEnv().NAMNDKOLL_DATA;
  const store = DocumentStore.openExisting(dataDir);
  const docs = store ? store.list() : [];
  store?.close();
  if (args.json) {
    process.stdout.write(`${JSON.stringify(docs, null, 1)}\n`);
    return 0;
  }
  if (!docs.length) {
    process.stdout.write(`No documents stored in ${databasePath(dataDir)}. Add some with: namndkoll ingest PATH…\n`);
    return 0;
  }
  process.stdout.write(`${docs.map(describe).join('\n')}\n${docs.length} document${docs.length === 1 ? '' : 's'} in ${databasePath(dataDir)}\n`);
  return 0;
}

function describe(d: DocumentSummary): string {
  const sources = Object.entries(d.textSources)
    .filter(([, n]) => n > 0)
    .map(([source, n]) => `${n} ${source}${source === 'ocr' && d.ocrConfidence !== null ? ` (confidence ${Math.round(d.ocrConfidence)})` : ''}`)
    .join(', ');
  const lines = [
    `${d.id}`,
    `  ${d.title}`,
    `  ${[d.municipality, d.committee, d.documentType, d.year, d.period].filter((x) => x !== null && x !== '').join(' · ')}`,
    `  ${d.pageCount} pages (${sources || 'no text'}); ${d.sections} sections, ${d.tables} tables, ${d.figures} figures; ingested ${d.ingestedAt.slice(0, 16).replace('T', ' ')}`,
    ...describeFailedPages(d.failedPages).map((line) => `  ${line}`),
  ];
  return lines.join('\n');
}
