// `npm run bench`: every benchmark, each printing its figure and, where it has one, the ratio to a reference
// measured in the same run, and the machine's load beside it. Usage: npm run bench [-- --only parse,ocr,search,ingest,answer]
// [--shared DIR] [--chunks N] [--ingest-docs N] [--docs N] (10000 for the full archive; see each bench's head)
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchResult } from './result.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const shared = path.resolve(arg('--shared') ?? '../shared');
const only = arg('--only')?.split(',');
if (!existsSync(path.join(shared, 'corpus/pdf'))) {
  console.error(`bench: the shared corpus is not at ${shared}`);
  process.exit(2);
}

const suites: Record<string, () => Promise<BenchResult[]>> = {
  parse: async () => (await import('./parse.ts')).benchParse(shared),
  ocr: async () => ((await import(path.resolve('bench/ocr.ts'))) as { benchOcr: () => Promise<BenchResult[]> }).benchOcr(),
  ingest: async () => ((await import(path.resolve('bench/ingest.ts'))) as { benchIngest: (s: string) => Promise<BenchResult[]> }).benchIngest(shared),
  answer: async () => ((await import(path.resolve('bench/answer.ts'))) as { benchAnswer: (s: string) => Promise<BenchResult[]> }).benchAnswer(shared),
  search: async () => ((await import(path.resolve('bench/search.ts'))) as { benchSearch: () => Promise<BenchResult[]> }).benchSearch(),
  slack: async () => (await import('./slack.ts')).benchSlack(shared),
};

for (const [name, suite] of Object.entries(suites)) {
  if (only && !only.includes(name)) continue;
  if (name !== 'parse' && !existsSync(path.resolve(`bench/${name}.ts`))) continue;
  console.log(`\n## ${name}  (load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${os.availableParallelism()} cores)`);
  try {
    for (const r of await suite()) {
      const v = Number.isFinite(r.value) ? (Math.abs(r.value) >= 100 ? r.value.toFixed(0) : r.value.toFixed(2)) : 'n/a';
      console.log(`  ${r.name.padEnd(48)} ${v.padStart(10)} ${r.unit}${r.note ? `  (${r.note})` : ''}`);
    }
  } catch (err) {
    console.log(`  failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
