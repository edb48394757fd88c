// `npm run eval:ocr`: parses the scanned Enköping plan and measures it against the text version: word recall per
// page, and provenance accuracy of its tables against the text version's ground truth.
// Usage: npm run eval:ocr [-- --shared DIR] [--no-cache]
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ocrPages } from '../ingest/ocr/pages.ts';
import { parsePdf } from '../ingest/parse.ts';
import type { PageContent } from '../ingest/pdf/types.ts';
import { scoreScanTables, wordRecall } from './ocr-measure.ts';

const argShared = process.argv.indexOf('--shared');
const shared = path.resolve(argShared > 0 ? process.argv[argShared + 1]! : '../shared');
const useCache = !process.argv.includes('--no-cache');
const NAME = 'enkoping-socialnamnden-namndplan-2024';
const scan = path.join(shared, 'corpus/pdf', `${NAME}-skannad.pdf`);
const text = path.join(shared, 'corpus/pdf', `${NAME}.pdf`);
const gt = path.join(shared, 'corpus/tables', `${NAME}.json`);
if (![scan, text, gt].every(existsSync)) {
  console.error(`eval:ocr: the shared corpus is not at ${shared} (needs ${NAME}-skannad.pdf, ${NAME}.pdf and its tables)`);
  process.exit(2);
}

const t0 = performance.now();
const cpu0 = process.cpuUsage();
const pages = Array.from({ length: 12 }, (_, i) => i + 1);
const results = await ocrPages(scan, pages, (n, total) => process.stderr.write(`OCR page ${n}/${total}\n`), { useCache });
const ocrSeconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const ocrCpuSeconds = (cpu.user + cpu.system) / 1e6;
for (const r of results) if (r.error) console.log(`  page ${r.page}: FAILED ${r.error}`);
const recall = await wordRecall(text, results.map((r) => r.content).filter((c): c is PageContent => c !== null));
console.log('word recall (words of each text-version page read on the same page of the scan):');
for (const p of recall.pages) {
  const conf = results.find((r) => r.page === p.page)?.confidence;
  console.log(`  page ${String(p.page).padStart(2)}: ${p.recall.toFixed(3)} (${p.found}/${p.total}), mean confidence ${conf?.toFixed(1) ?? '–'}`);
}
console.log(`  overall ${recall.recall.toFixed(3)} (${recall.found}/${recall.total})  ${recall.recall >= 0.95 ? 'ok' : 'LOW'} (target ≥ 0.95)`);

const doc = await parsePdf(scan);
const ocrd = doc.pages.filter((p) => p.textSource === 'ocr').length;
console.log(`pages marked ocr: ${ocrd}/${doc.pages.length}`);
const score = scoreScanTables(doc, gt, path.join(shared, 'eval/tools/score-tables.mjs'));
console.log(
  `table provenance: ${score.provenance.toFixed(3)} (${score.triplesFound}/${score.triples}); tables ${score.tablesFound}/${score.tables}  ${score.provenance >= 0.85 ? 'ok' : 'LOW'} (target ≥ 0.85)`,
);
const uncertain = doc.figures.filter((f) => f.uncertain);
console.log(`figures flagged uncertain by the table arithmetic: ${uncertain.length}/${doc.figures.length}`);
for (const f of uncertain.slice(0, 10)) console.log(`  ${f.tableId} r${f.row} c${f.col} ${f.raw}: ${f.uncertain}`);
console.log(`OCR ${useCache ? '(cache allowed) ' : ''}took ${ocrSeconds.toFixed(1)} s for ${pages.length} pages (${(ocrSeconds / pages.length).toFixed(2)} s/page wall, ${(ocrCpuSeconds / pages.length).toFixed(2)} CPU-s/page over all threads, load ${os.loadavg()[0]!.toFixed(1)}); parsed output in ${score.parsedDir}`);
process.exit(recall.recall >= 0.95 && score.provenance >= 0.85 && ocrd === 12 ? 0 : 1);
