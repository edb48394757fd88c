// Seconds per OCR'd page of the scanned Enköping plan (12 pages) on the worker pool (OCR_WORKERS, 2 by default),
// from the PDF to text items, with the result cache off. Run on its own: node bin/run-ts.mjs bench/ocr.ts
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadEnv } from '../src/config/env.ts';
import { ocrPages } from '../ingest/ocr/pages.ts';
import type { BenchResult } from './result.ts';

export async function benchOcr(shared = path.resolve('../shared')): Promise<BenchResult[]> {
  const scan = path.join(shared, 'corpus/pdf/enkoping-socialnamnden-namndplan-2024-skannad.pdf');
  if (!existsSync(scan)) return [{ name: 'ocr: seconds per page', value: Number.NaN, unit: 's/page', note: `no scan at ${scan}` }];
  const workers = loadEnv().OCR_WORKERS;
  const pages = Array.from({ length: 12 }, (_, i) => i + 1);
  const t0 = performance.now();
  const results = await ocrPages(scan, pages, undefined, { useCache: false });
  const seconds = (performance.now() - t0) / 1000;
  const ok = results.filter((r) => r.content).length;
  const note = `${ok}/${pages.length} pages read, ${workers} workers, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`;
  return [
    { name: 'ocr: seconds per page (300 dpi, swe+eng)', value: seconds / pages.length, unit: 's/page', note },
    { name: 'ocr: seconds for the 12-page scan', value: seconds, unit: 's' },
  ];
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) {
  for (const r of await benchOcr()) console.log(`${r.name.padEnd(44)} ${r.value.toFixed(2).padStart(8)} ${r.unit}${r.note ? `  (${r.note})` : ''}`);
}
