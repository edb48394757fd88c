import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parsePdf } from '../ingest/parse.ts';
import type { BenchResult } from './result.ts';

/**
 * `parse` over the shared corpus's text PDFs, in pages per second, against `pdftotext -layout` (poppler) on the same
 * files in the same run. The ratio is what the target is stated in (within 10× of pdftotext).
 */
export async function benchParse(shared: string): Promise<BenchResult[]> {
  const dir = path.join(shared, 'corpus/pdf');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.pdf') && !f.includes('skannad'))
    .map((f) => path.join(dir, f));
  let pages = 0;
  const t0 = performance.now();
  for (const f of files) pages += (await parsePdf(f, { noOcr: true })).document.pageCount;
  const ours = (performance.now() - t0) / 1000;
  const results: BenchResult[] = [
    { name: 'parse: pages per second', value: pages / ours, unit: 'pages/s' },
    { name: 'parse: seconds over the corpus', value: ours, unit: 's', note: `${files.length} files, ${pages} pages` },
  ];
  try {
    const t1 = performance.now();
    for (const f of files) execFileSync('pdftotext', ['-layout', f, '-'], { stdio: ['ignore', 'ignore', 'ignore'] });
    const ref = (performance.now() - t1) / 1000;
    results.push({ name: 'pdftotext -layout: pages per second', value: pages / ref, unit: 'pages/s' });
    results.push({ name: 'parse time / pdftotext time', value: ours / ref, unit: '×', note: 'target ≤ 10' });
  } catch {
    results.push({ name: 'pdftotext reference', value: Number.NaN, unit: '', note: 'pdftotext not installed (apt-get install poppler-utils)' });
  }
  return results;
}
