// Parses the shared corpus (tagged and untagged) and the restyled layouts, and scores their tables with
// shared/eval/tools/score-tables.mjs: provenance and tables found per document and per layout.
// Usage: npm run eval:tables [-- --shared DIR] [--only LAYOUT[,LAYOUT]] [--min 0.95]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePdf } from '../ingest/parse.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const shared = path.resolve(arg('--shared') ?? '../shared');
const only = arg('--only')?.split(',');
const min = Number(arg('--min') ?? 0.95);
const corpus = path.join(shared, 'corpus');
if (!existsSync(path.join(corpus, 'tables'))) {
  console.error(`eval:tables: no ground truth at ${path.join(corpus, 'tables')} (is ../shared beside the project?)`);
  process.exit(2);
}

/** A layout: where its PDFs are and where their ground truth is. */
const layouts = [
  { name: 'corpus tagged', pdf: path.join(corpus, 'pdf'), gt: path.join(corpus, 'tables') },
  { name: 'corpus untagged', pdf: path.join(corpus, 'pdf-untagged'), gt: path.join(corpus, 'tables') },
  ...(existsSync(path.join(corpus, 'restyled'))
    ? readdirSync(path.join(corpus, 'restyled'), { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(path.join(corpus, 'restyled', d.name, 'tables')))
        .map((d) => ({
          name: `restyled/${d.name}`,
          pdf: path.join(corpus, 'restyled', d.name, 'pdf'),
          gt: path.join(corpus, 'restyled', d.name, 'tables'),
        }))
    : []),
].filter((l) => !only || only.some((o) => l.name.includes(o)));

interface DocScore {
  provenance: number;
  triplesFound: number;
  triples: number;
  accuracy: number;
  tablesFound: number;
  tables: number;
}

const out = mkdtempSync(path.join(os.tmpdir(), 'namndkoll-tables-'));
let failed = false;
const summary: string[] = [];
for (const layout of layouts) {
  const dir = path.join(out, layout.name.replace(/\W+/g, '-'));
  mkdirSync(dir, { recursive: true });
  const names = readdirSync(layout.gt).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
  for (const name of names) {
    const file = path.join(layout.pdf, `${name}.pdf`);
    if (!existsSync(file)) continue;
    const doc = await parsePdf(file, { noOcr: true });
    writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(doc));
  }
  const report = JSON.parse(
    execFileSync(process.execPath, [path.join(shared, 'eval/tools/score-tables.mjs'), layout.gt, dir, '--json'], { encoding: 'utf8' }),
  ) as { docs: Record<string, DocScore>; provenance: number; triplesFound: number; triples: number; tablesFound: number; tables: number };
  console.log(`${layout.name}:`);
  for (const [name, d] of Object.entries(report.docs)) {
    const ok = d.provenance >= min && d.tablesFound >= min * d.tables;
    console.log(
      `  ${ok ? 'ok  ' : 'LOW '} ${name}: provenance ${d.provenance.toFixed(3)} (${d.triplesFound}/${d.triples}); cells ${d.accuracy.toFixed(3)}; tables ${d.tablesFound}/${d.tables}`,
    );
  }
  const ok = report.provenance >= min && report.tablesFound >= min * report.tables;
  if (!ok) failed = true;
  const line = `${ok ? 'ok  ' : 'LOW '} ${layout.name.padEnd(16)} provenance ${report.provenance.toFixed(3)} (${report.triplesFound}/${report.triples}); tables ${report.tablesFound}/${report.tables}`;
  console.log(`  overall: ${line.slice(5)}`);
  summary.push(line);
}
console.log('\nper layout:');
for (const l of summary) console.log(`  ${l}`);
console.log(`parsed output kept in ${out}`);
process.exit(failed ? 1 : 0);
