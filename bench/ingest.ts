// Bulk ingest: `namndkoll ingest DIR` on documents generated from the corpus (bench/generate-docs.ts), in a new
// process on a new store: documents/minute, CPU seconds per document, peak RSS, store size; then the same batch
// killed with SIGKILL halfway and run again: what the second run costs to pass over the stored files.
// Default 24 documents (about 750 pages); --ingest-docs N for more (10000 for the full archive).
// Run on its own: node bin/run-ts.mjs bench/ingest.ts [--ingest-docs N] [--shared DIR]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateDocs } from './generate-docs.ts';
import type { BenchResult } from './result.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const load = () => `load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;
const CLI = path.join(import.meta.dirname, '../bin/namndkoll.mjs');

interface Stats {
  seconds: number;
  cpuSeconds: number;
  parsed: number;
  pages: number;
  documentsPerMinute: number;
  peakRssMb: number;
  storeMb: number;
  skipSeconds: number;
}

export async function benchIngest(shared = path.resolve(arg('--shared') ?? '../shared')): Promise<BenchResult[]> {
  const n = Number(arg('--ingest-docs') ?? process.env.NAMNDKOLL_BENCH_INGEST_DOCS ?? 24);
  const docs = path.join(os.tmpdir(), `namndkoll-bench-ingest-docs-${n}`);
  if (!existsSync(docs) || readdirSync(docs).length !== n) {
    rmSync(docs, { recursive: true, force: true });
    generateDocs(shared, docs, n);
  }
  const results: BenchResult[] = [];
  const env = { ...process.env, LOG_LEVEL: 'warn' };

  const data = mkdtempSync(path.join(os.tmpdir(), 'namndkoll-bench-ingest-'));
  try {
    const before = load();
    const full = spawnSync(process.execPath, [CLI, 'ingest', '--data', data, '--no-ocr', '--json', docs], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (full.status !== 0) throw new Error(`ingest failed: ${full.stderr.slice(-500)}`);
    const s = (JSON.parse(full.stdout) as { stats: Stats }).stats;
    const cores = os.availableParallelism();
    results.push({ name: `ingest: documents/minute (${s.parsed} documents, ${s.pages} pages)`, value: s.documentsPerMinute, unit: 'docs/min', note: `${load()} (before: ${before})` });
    results.push({
      name: 'ingest: CPU seconds per document (all threads)',
      value: s.cpuSeconds / s.parsed,
      unit: 's/doc',
      note: `${s.cpuSeconds.toFixed(0)} CPU s in ${s.seconds.toFixed(0)} s: ${(s.cpuSeconds / s.seconds).toFixed(2)} of ${cores} cores; alone on ${cores} cores ≈ ${((60 * s.parsed * cores) / s.cpuSeconds).toFixed(0)} docs/min`,
    });
    results.push({ name: 'ingest: peak RSS', value: s.peakRssMb, unit: 'MB' });
    results.push({ name: 'ingest: store size', value: s.storeMb, unit: 'MB', note: `≈ ${((s.storeMb / s.parsed) * 10_000 / 1024).toFixed(1)} GB at 10 000 such documents` });
    results.push({ name: 'ingest: 10 000 documents at this rate', value: (10_000 / s.documentsPerMinute) / 60, unit: 'h', note: `alone on ${cores} cores ≈ ${((10_000 * s.cpuSeconds) / s.parsed / cores / 3600).toFixed(1)} h` });
  } finally {
    rmSync(data, { recursive: true, force: true });
  }

  // Killed with SIGKILL once half the files are stored, then run again.
  const resumed = mkdtempSync(path.join(os.tmpdir(), 'namndkoll-bench-resume-'));
  try {
    const half = Math.ceil(n / 2);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'ingest', '--data', resumed, '--no-ocr', docs], { env });
      let err = '';
      child.stderr.on('data', (b: Buffer) => {
        err += b.toString();
        const stored = err.match(/… added/g)?.length ?? 0;
        if (stored >= half && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`ingest was not killed: ${err.slice(-300)}`))));
    });
    const again = spawnSync(process.execPath, [CLI, 'ingest', '--data', resumed, '--no-ocr', '--json', docs], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (again.status !== 0) throw new Error(`resumed ingest failed: ${again.stderr.slice(-500)}`);
    const r = JSON.parse(again.stdout) as { unchanged: number; added: number; stats: Stats };
    results.push({
      name: 'ingest: resume after kill -9, passing over stored files',
      value: r.stats.skipSeconds,
      unit: 's',
      note: `${r.unchanged} stored files passed over, ${r.added} parsed (none twice); whole second run ${r.stats.seconds.toFixed(0)} s; ${load()}`,
    });
  } finally {
    rmSync(resumed, { recursive: true, force: true });
  }
  return results;
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) {
  for (const r of await benchIngest()) console.log(`${r.name.padEnd(56)} ${r.value.toFixed(2).padStart(10)} ${r.unit}${r.note ? `  (${r.note})` : ''}`);
}
