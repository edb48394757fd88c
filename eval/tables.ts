// Parses the shared corpus, tagged and untagged, and scores its tables with shared/eval/tools/score-tables.mjs.
// Usage: npm run eval:tables [-- --shared DIR] [--json]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePdf } from '../ingest/parse.ts';

const argShared = process.argv.indexOf('--shared');
const shared = path.resolve(argShared > 0 ? process.argv[argShared + 1]! : '../shared');
const gtDir = path.join(shared, 'corpus/tables');
if (!existsSync(gtDir)) {
  console.error(`eval:tables: no ground truth at ${gtDir} (is ../shared beside the project?)`);
  process.exit(2);
}
const names = readdirSync(gtDir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
const out = mkdtempSync(path.join(os.tmpdir(), 'namndkoll-tables-'));
let failed = false;
for (const variant of ['pdf', 'pdf-untagged'] as const) {
  const dir = path.join(out, variant);
  mkdirSync(dir, { recursive: true });
  for (const name of names) {
    const file = path.join(shared, 'corpus', variant, `${name}.pdf`);
    if (!existsSync(file)) continue;
    const doc = await parsePdf(file, { noOcr: true });
    writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(doc));
  }
  const report = JSON.parse(
    execFileSync(process.execPath, [path.join(shared, 'eval/tools/score-tables.mjs'), gtDir, dir, '--json'], { encoding: 'utf8' }),
  ) as { docs: Record<string, { provenance: number; triplesFound: number; triples: number; accuracy: number; tablesFound: number; tables: number }>; provenance: number };
  console.log(`${variant === 'pdf' ? 'tagged' : 'untagged'}:`);
  for (const [name, d] of Object.entries(report.docs)) {
    const ok = d.provenance >= 0.95;
    if (!ok) failed = true;
    console.log(
      `  ${ok ? 'ok  ' : 'LOW '} ${name}: provenance ${d.provenance.toFixed(3)} (${d.triplesFound}/${d.triples}); cells ${d.accuracy.toFixed(3)}; tables ${d.tablesFound}/${d.tables}`,
    );
  }
  console.log(`  overall provenance ${report.provenance.toFixed(3)}`);
}
console.log(`parsed output kept in ${out}`);
process.exit(failed ? 1 : 0);
