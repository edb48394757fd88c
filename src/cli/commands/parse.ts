import { z } from 'zod';
import { parsePdf } from '../../../ingest/parse.ts';
import { parseCommandArgs } from '../args.ts';

const Args = z.object({
  json: z.boolean().default(false),
  'no-tags': z.boolean().default(false),
  'no-ocr': z.boolean().default(false),
  positionals: z.array(z.string()).length(1, { message: 'give exactly one PDF file' }),
});
const USAGE = 'parse FILE.pdf [--json] [--no-tags] [--no-ocr]';

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { json: { type: 'boolean' }, 'no-tags': { type: 'boolean' }, 'no-ocr': { type: 'boolean' } }, Args, USAGE);
  const file = args.positionals[0]!;
  const doc = await parsePdf(file, {
    ignoreTags: args['no-tags'],
    noOcr: args['no-ocr'],
    onProgress: (e) => {
      if (e.stage === 'ocr') process.stderr.write(`${file}: OCR page ${e.page}/${e.total}\n`);
    },
  });
  if (args.json) {
    process.stdout.write(`${JSON.stringify(doc, null, 1)}\n`);
    return 0;
  }
  const d = doc.document;
  const out = [
    `${d.title} (${d.id})`,
    `  ${[d.municipality, d.committee, d.documentType, d.year].filter(Boolean).join(' · ')}`,
    `  ${d.pageCount} pages${d.tagged ? ', tagged' : ''}; ${doc.sections.length} sections; ${doc.tables.length} tables; ${doc.figures.length} figures`,
    ...doc.pages.filter((p) => p.status === 'failed').map((p) => `  page ${p.number} failed: ${p.problem}`),
    '',
    ...doc.sections.map((s) => `  ${'  '.repeat(s.level - 1)}${s.number ?? ''} ${s.heading} (p. ${s.pageStart}${s.pageEnd > s.pageStart ? `–${s.pageEnd}` : ''})`),
    '',
    ...doc.tables.map((t) => `  ${t.id} p. ${t.pages.join(', ')}: ${t.caption} [${t.rows.length} rows × ${t.header.at(-1)?.length ?? t.rows[0]?.length ?? 0} cols]`),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
