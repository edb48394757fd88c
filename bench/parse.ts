import '../ingest/pdf/natives.ts'; // first, as in the ingest threads: see ingest/pdf/natives.ts
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { defaultThreads, parseMany } from '../ingest/parallel.ts';
import '../ingest/parse.ts'; // loaded before the clock starts, as before parseMany existed
import type { BenchResult } from './result.ts';

const run = promisify(execFile);

/**
 * `parse` over the shared corpus's text PDFs, in pages per second, against `pdftotext -layout` (poppler) on the same
 * files in the same run; the ratio is what the target is stated in (within 10× of pdftotext). Measured twice: one
 * file after another in this thread, and in worker threads, one per core, as `ingest` does (starting the threads
 * included). pdftotext runs one process at a time (before and after ours, averaged: the machine may be shared), and
 * as many at a time as we use threads. No OCR: the scan is left out, and nothing is OCR'd.
 */
export async function benchParse(shared: string): Promise<BenchResult[]> {
  const dir = path.join(shared, 'corpus/pdf');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.pdf') && !f.includes('skannad'))
    .map((f) => path.join(dir, f));
  const threads = defaultThreads(files.length);
  const cores = os.availableParallelism();

  const pdftotext = async (atOnce: number) => {
    const t0 = performance.now();
    const queue = [...files];
    await Promise.all(
      Array.from({ length: atOnce }, async () => {
        for (let f = queue.shift(); f; f = queue.shift()) await run('pdftotext', ['-layout', f, '-'], { maxBuffer: 64 * 1024 * 1024 });
      }),
    );
    return (performance.now() - t0) / 1000;
  };
  const ours = async (n: number) => {
    const t0 = performance.now();
    const results = await parseMany(files, { noOcr: true, threads: n });
    const seconds = (performance.now() - t0) / 1000;
    const failed = results.find((r) => r.error);
    if (failed) throw new Error(`${path.basename(failed.file)}: ${failed.error!.message}`);
    return { seconds, pages: results.reduce((sum, r) => sum + r.doc!.document.pageCount, 0) };
  };
  const hasPdftotext = await run('pdftotext', ['-v']).then(
    () => true,
    () => false,
  );

  const refBefore = hasPdftotext ? await pdftotext(1) : Number.NaN;
  const seq = await ours(0);
  const refAfter = hasPdftotext ? await pdftotext(1) : Number.NaN;
  const ref = (refBefore + refAfter) / 2;
  const par = threads > 1 ? await ours(threads) : null;
  const refPar = par && hasPdftotext ? await pdftotext(threads) : Number.NaN;

  const { pages } = seq;
  const results: BenchResult[] = [
    { name: 'parse, one thread: pages per second', value: pages / seq.seconds, unit: 'pages/s', note: `${files.length} files, ${pages} pages, ${seq.seconds.toFixed(1)} s` },
  ];
  if (par) {
    results.push({
      name: `parse, ${threads} worker threads: pages per second`,
      value: pages / par.seconds,
      unit: 'pages/s',
      note: `${threads} of ${cores} cores, ${par.seconds.toFixed(1)} s with starting the threads`,
    });
  } else {
    results.push({ name: 'parse, worker threads', value: Number.NaN, unit: '', note: `${cores} core${cores === 1 ? '' : 's'}: nothing to run in parallel` });
  }
  if (!hasPdftotext) {
    results.push({ name: 'pdftotext reference', value: Number.NaN, unit: '', note: 'pdftotext not installed (apt-get install poppler-utils)' });
    return results;
  }
  results.push(
    { name: 'pdftotext -layout: pages per second', value: pages / ref, unit: 'pages/s', note: `one process at a time, ${refBefore.toFixed(2)} s and ${refAfter.toFixed(2)} s` },
    { name: 'parse, one thread / pdftotext', value: seq.seconds / ref, unit: '×', note: 'target ≤ 10' },
  );
  if (par) {
    results.push(
      { name: `parse, ${threads} threads / pdftotext`, value: par.seconds / ref, unit: '×', note: `target ≤ 10; ${threads} cores against pdftotext's one` },
      { name: `parse, ${threads} threads / pdftotext, ${threads} at a time`, value: par.seconds / refPar, unit: '×', note: `pdftotext ${(pages / refPar).toFixed(0)} pages/s` },
    );
  }
  return results;
}
