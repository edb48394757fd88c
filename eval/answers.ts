// `npm run eval:answers [-- FILE.jsonl…] [--corpus DIR] [--seed N] [--per N]`
//
// Ingests ../shared/corpus/pdf and the PDFs of ../shared/corpus/real (OCR included) into a store kept in
// .cache/eval-store (re-runs skip unchanged files), then answers and scores, with `namndkoll eval`, the question files
// given, or else every set: ../shared/eval/dev.jsonl, ../shared/eval/real.jsonl, eval/paraphrases.jsonl and the
// questions eval/generate.ts makes from the store's own tables, its held-back half and its fitted half apart (with
// accuracy per document and per template). Results go to .cache/eval-answers*.jsonl.
//
// `--corpus DIR` asks the same questions of a store built from the PDFs in DIR (a restyled layout, say) plus the
// corpus documents DIR does not hold (by file name); that store is kept apart, in .cache/eval-store-<DIR's name>.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { main } from '../src/cli/main.ts';
import { DocumentStore } from '../src/store/documents/store.ts';
import { documentOf, generateQuestions, type GeneratedQuestion } from './generate.ts';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { corpus: { type: 'string' }, seed: { type: 'string' }, per: { type: 'string' } },
});
const shared = path.resolve(process.env.SHARED_DIR ?? '../shared');
const scorer = path.join(shared, 'eval/tools/score.mjs');
if (!existsSync(path.join(shared, 'corpus/pdf'))) {
  console.error(`eval:answers: the shared corpus is not at ${shared}`);
  process.exit(2);
}
for (const f of positionals) {
  if (!existsSync(f)) {
    console.error(`eval:answers: ${f}: no such question file`);
    process.exit(2);
  }
}

const pdfsIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => /\.pdf$/i.test(f)).sort().map((f) => path.join(dir, f)) : []);
// The real documents' top folder only: `real/untagged/` holds the same documents without tags, under the same ids.
const corpusFiles = [...pdfsIn(path.join(shared, 'corpus/pdf')), ...pdfsIn(path.join(shared, 'corpus/real'))];
let files = corpusFiles;
let data = path.resolve('.cache/eval-store');
if (opts.corpus) {
  const dir = path.resolve(opts.corpus);
  const own = pdfsIn(dir);
  if (!own.length) {
    console.error(`eval:answers: ${opts.corpus}: no PDF files in that folder`);
    process.exit(2);
  }
  const names = new Set(own.map((f) => path.basename(f)));
  files = [...own, ...corpusFiles.filter((f) => !names.has(path.basename(f)))];
  const slug = path.relative(shared, dir).replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'corpus';
  data = path.resolve(`.cache/eval-store-${slug}`);
  // A first run starts from a copy of the corpus store: the documents it shares are unchanged files (ingest skips
  // them, OCR and all), and DIR's documents replace theirs under the same ids.
  const base = path.resolve('.cache/eval-store');
  if (!existsSync(data) && existsSync(base)) cpSync(base, data, { recursive: true });
}
mkdirSync(data, { recursive: true });
process.env.LOG_LEVEL ??= 'warn';
const ingested = await main(['ingest', ...files, '--data', data]);
if (ingested !== 0) process.exit(ingested);

const suffix = opts.corpus ? `-${path.basename(data).replace(/^eval-store-/, '')}` : '';
interface Set_ {
  name: string;
  file: string;
  generated?: GeneratedQuestion[];
}
const sets: Set_[] = [];
if (positionals.length) {
  for (const f of positionals) sets.push({ name: path.basename(f), file: f });
} else {
  sets.push({ name: 'dev', file: path.join(shared, 'eval/dev.jsonl') });
  sets.push({ name: 'real', file: path.join(shared, 'eval/real.jsonl') });
  sets.push({ name: 'paraphrases', file: path.resolve('eval/paraphrases.jsonl') });
  const store = DocumentStore.open(data);
  const generated = (() => {
    try {
      return generateQuestions(store.all(), { seed: opts.seed ? Number(opts.seed) : undefined, perTemplate: opts.per ? Number(opts.per) : undefined });
    } finally {
      store.close();
    }
  })();
  for (const [name, held] of [['generated-heldout', true], ['generated-fitted', false]] as const) {
    const qs = generated.filter((q) => q.heldout === held);
    const file = path.resolve(`.cache/${name}${suffix}.jsonl`);
    writeFileSync(file, `${qs.map((q) => JSON.stringify(q)).join('\n')}\n`);
    sets.push({ name, file, generated: qs });
  }
}

interface ScoreRow {
  id: string;
  type: string;
  correct: boolean;
  refusedWrongly?: boolean;
}
const summary: string[] = [];
for (const set of sets) {
  console.log(`\n=== ${set.name}: ${path.relative(process.cwd(), set.file)}`);
  const out = path.resolve(`.cache/eval-answers${positionals.length ? '' : `-${set.name}`}${suffix}.jsonl`);
  const code = await main(['eval', set.file, '--out', out, '--data', data, '--scorer', scorer]);
  if (code !== 0) process.exit(code);
  const r = spawnSync(process.execPath, [scorer, set.file, out, '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
  const rows = (JSON.parse(r.stdout) as { rows: ScoreRow[] }).rows;
  const results = new Map(
    readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { id: string; result: { refused: boolean } })
      .map((x) => [x.id, x.result.refused]),
  );
  const refusals = rows.filter((x) => results.get(x.id)).length;
  const wrongRefusals = rows.filter((x) => x.refusedWrongly).length;
  const answerable = rows.filter((x) => x.type !== 'unanswerable').length;
  const rate = (xs: ScoreRow[]) => (xs.length ? xs.filter((x) => x.correct).length / xs.length : 0);
  summary.push(
    `${set.name.padEnd(20)} ${String(rows.length).padStart(4)}   ${(rate(rows) * 100).toFixed(1).padStart(5)} %   refusals ${refusals}, wrong refusals ${wrongRefusals} (${answerable ? ((wrongRefusals / answerable) * 100).toFixed(1) : '0.0'} % of answerable)`,
  );
  if (set.generated) {
    const byId = new Map(rows.map((x) => [x.id, x]));
    for (const [what, key] of [
      ['document', (q: GeneratedQuestion) => documentOf(q)],
      ['template', (q: GeneratedQuestion) => q.template],
      ['language', (q: GeneratedQuestion) => q.lang],
    ] as const) {
      const groups = new Map<string, ScoreRow[]>();
      for (const q of set.generated) {
        const row = byId.get(q.id);
        if (row) (groups.get(key(q)) ?? groups.set(key(q), []).get(key(q))!).push(row);
      }
      console.log(`\nper ${what}:`);
      for (const [k, xs] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) {
        console.log(`  ${k.padEnd(74)} ${String(xs.length).padStart(3)}   ${(rate(xs) * 100).toFixed(1).padStart(5)} %   refused ${xs.filter((x) => x.refusedWrongly).length}`);
      }
    }
  }
}
console.log(`\nstore ${path.relative(process.cwd(), data)} (${files.length} PDFs)\nset                     n   correct`);
console.log(summary.join('\n'));
