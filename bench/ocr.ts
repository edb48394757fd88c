// Seconds per OCR'd page of the scanned Enköping plan (12 pages) on the worker pool (OCR_WORKERS, 2 by default),
// from the PDF to text items, with the result cache off, and where the time goes. Run on its own:
// node bin/run-ts.mjs bench/ocr.ts
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadEnv } from '../src/config/env.ts';
import { ocrPages, type OcrStageTimes } from '../ingest/ocr/pages.ts';
import type { BenchResult } from './result.ts';

export async function benchOcr(shared = path.resolve('../shared')): Promise<BenchResult[]> {
  const scan = path.join(shared, 'corpus/pdf/enkoping-socialnamnden-namndplan-2024-skannad.pdf');
  if (!existsSync(scan)) return [{ name: 'ocr: seconds per page', value: Number.NaN, unit: 's/page', note: `no scan at ${scan}` }];
  const workers = loadEnv().OCR_WORKERS;
  const pages = Array.from({ length: 12 }, (_, i) => i + 1);
  const stages: OcrStageTimes = { raster: 0, prepare: 0, recognize: 0, cells: 0 };
  const load = os.loadavg()[0]!;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const results = await ocrPages(scan, pages, undefined, { useCache: false, stages });
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  const ok = results.filter((r) => r.content).length;
  const note = `${ok}/${pages.length} pages read, ${workers} workers, ${os.cpus().length} cores, load ${load.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}`;
  const per = (ms: number) => ms / 1000 / pages.length;
  return [
    { name: 'ocr: seconds per page (300 dpi, swe+eng)', value: seconds / pages.length, unit: 's/page', note },
    { name: 'ocr: seconds for the 12-page scan', value: seconds, unit: 's' },
    { name: 'ocr: CPU seconds per page (all threads)', value: (used.user + used.system) / 1e6 / pages.length, unit: 's/page', note: 'wall × cores is the most it can be' },
    { name: 'ocr:   rasterizing (pdf.js, main thread)', value: per(stages.raster), unit: 's/page' },
    { name: 'ocr:   preprocessing (skew, rules, bands, main thread)', value: per(stages.prepare), unit: 's/page' },
    { name: 'ocr:   recognition (tesseract, a worker; includes queueing)', value: per(stages.recognize), unit: 's/page' },
    { name: 'ocr:   empty table cells read again (a worker)', value: per(stages.cells), unit: 's/page' },
  ];
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) {
  for (const r of await benchOcr()) console.log(`${r.name.padEnd(60)} ${r.value.toFixed(2).padStart(8)} ${r.unit}${r.note ? `  (${r.note})` : ''}`);
}
