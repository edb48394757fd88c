import '../ingest/pdf/natives.ts'; // first, as in the ingest threads: see ingest/pdf/natives.ts
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { defaultThreads, ParserPool } from '../ingest/parallel.ts';
import type { BenchResult } from './result.ts';

const run = promisify(execFile);

/** CPU seconds of this process (all its threads). */
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** CPU seconds of this process's finished child processes (Linux: /proc/self/stat, in USER_HZ = 100 ticks); else NaN. */
function childCpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'latin1').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime
  } catch {
    return Number.NaN;
  }
}

/**
 * `parse` over the shared corpus's text PDFs, in pages per second, against `pdftotext -layout` (poppler) on the same
 * files in the same run; the ratio is what the target is stated in (within 10× of pdftotext). Measured twice: one
 * file after another in this thread, and in worker threads, one per core, as `ingest` does. The clock starts once the
 * parser is loaded (in the threads: once they have started, which is reported beside). pdftotext runs one process
 * at a time (before and after ours, averaged: the machine may be shared), and as many at a time as we use threads.
 * No OCR: the scan is left out, and nothing is OCR'd.
 */
export async function benchParse(shared: string): Promise<BenchResult[]> {
  const dir = path.join(shared, 'corpus/pdf');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.pdf') && !f.includes('skannad'))
    .map((f) => path.join(dir, f));
  const threads = defaultThreads(files.length);
  const cores = os.availableParallelism();

  let childCpu = 0;
  const pdftotext = async (atOnce: number) => {
    const c0 = childCpuSeconds();
    const t0 = performance.now();
    const queue = [...files];
    await Promise.all(
      Array.from({ length: atOnce }, async () => {
        for (let f = queue.shift(); f; f = queue.shift()) await run('pdftotext', ['-layout', f, '-'], { maxBuffer: 64 * 1024 * 1024 });
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    childCpu += childCpuSeconds() - c0;
    return seconds;
  };
  const ours = async (n: number) => {
    const pool = new ParserPool({ threads: n });
    try {
      const s0 = performance.now();
      await pool.start();
      const c0 = cpuSeconds();
      const t0 = performance.now();
      const docs = await Promise.all(files.map((f) => pool.parse(f, { noOcr: true }).result));
      const seconds = (performance.now() - t0) / 1000;
      const cpu = cpuSeconds() - c0;
      return { seconds, cpu, startup: (t0 - s0) / 1000, pages: docs.reduce((sum, d) => sum + d.document.pageCount, 0) };
    } finally {
      await pool.close();
    }
  };
  const hasPdftotext = await run('pdftotext', ['-v']).then(
    () => true,
    () => false,
  );

  const refBefore = hasPdftotext ? await pdftotext(1) : Number.NaN;
  const seq = await ours(0);
  const refAfter = hasPdftotext ? await pdftotext(1) : Number.NaN;
  const ref = (refBefore + refAfter) / 2;
  const refCpu = childCpu / 2;
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
      note: `${threads} of ${cores} cores, ${par.seconds.toFixed(1)} s; starting the threads took ${par.startup.toFixed(1)} s more`,
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
    {
      name: 'parse, one thread / pdftotext, in CPU time',
      value: seq.cpu / refCpu,
      unit: '×',
      note: `${seq.cpu.toFixed(1)} s against ${refCpu.toFixed(2)} s; unlike the above, not swayed by other load on the machine`,
    },
  );
  if (par) {
    results.push(
      { name: `parse, ${threads} threads / pdftotext`, value: par.seconds / ref, unit: '×', note: `target ≤ 10; ${threads} cores against pdftotext's one` },
      { name: `parse, ${threads} threads / pdftotext, ${threads} at a time`, value: par.seconds / refPar, unit: '×', note: `pdftotext ${(pages / refPar).toFixed(0)} pages/s` },
    );
  }
  return results;
}
