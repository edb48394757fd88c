// `node bin/run-ts.mjs eval/fit-support.ts [--data DIR] [--write]`
//
// Fits the support threshold of a lookup (src/answer/lookup.ts `supported`: the share of the question's terms a
// candidate must cover to be the answer rather than what comes closest) on the same material as the match weights:
// ../shared/eval/dev.jsonl, ../shared/eval/real.jsonl, eval/paraphrases.jsonl and .cache/generated-fitted.jsonl
// (npm run eval:answers writes it and the store). Every question is answered by the offline answerer under each
// threshold of a grid and scored by the shared scorer, so the fit counts what the user gets: a right answer, a
// wrong one, or a refusal (right for an unanswerable question). Prints the accuracy per threshold, the fitted one, a
// leave-one-document-out figure and the held-back half (.cache/generated-heldout.jsonl, never fitted on);
// --write stores the fitted threshold in src/answer/match-weights.json.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openAnswerer } from '../src/answer/open.ts';
import { matchWeights, useMatchWeights } from '../src/answer/operations.ts';
import { loadEnv } from '../src/config/env.ts';
import { fittingSets, heldoutSet, type GoldSet } from './fitting-sets.ts';

const { values: opts } = parseArgs({ options: { data: { type: 'string' }, write: { type: 'boolean' } } });
const shared = path.resolve(process.env.SHARED_DIR ?? '../shared');
const scorer = path.join(shared, 'eval/tools/score.mjs');
const data = path.resolve(opts.data ?? '.cache/eval-store');
process.env.LOG_LEVEL ??= 'warn';

const fitting = fittingSets(shared);
const heldout = heldoutSet();
if (!heldout.golds.length) {
  console.error('fit-support: no generated questions in .cache (run npm run eval:answers first)');
  process.exit(2);
}

const opened = await openAnswerer(loadEnv({ ...process.env, NAMNDKOLL_DATA: data }), { offline: true });
if (!opened) {
  console.error(`fit-support: no store at ${data} (run npm run eval:answers first)`);
  process.exit(2);
}
const base = matchWeights();
const GRID = [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'namndkoll-fit-support-'));

/** Per question id: whether it was answered right under each threshold of the grid. */
async function outcomes(set: GoldSet): Promise<Map<string, boolean[]>> {
  const right = new Map<string, boolean[]>(set.golds.map((g) => [g.id, []]));
  for (const t of GRID) {
    useMatchWeights({ ...base, support: t });
    const lines: string[] = [];
    for (const g of set.golds) {
      const { answer } = await opened!.answerer.ask(g.question);
      lines.push(JSON.stringify({ id: g.id, result: answer }));
    }
    const out = path.join(tmp, `${path.basename(set.file)}-${t}.jsonl`);
    writeFileSync(out, `${lines.join('\n')}\n`);
    const r = spawnSync(process.execPath, [scorer, set.file, out, '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`scorer failed on ${out}: ${r.stderr}`);
    for (const row of (JSON.parse(r.stdout) as { rows: { id: string; correct: boolean }[] }).rows) right.get(row.id)?.push(row.correct);
    process.stderr.write(`${path.basename(set.file)} at ${t}: answered\n`);
  }
  return right;
}

interface Case {
  id: string;
  doc: string;
  right: boolean[];
}
const casesOf = async (set: GoldSet): Promise<Case[]> => {
  const right = await outcomes(set);
  return set.golds.map((g) => ({ id: g.id, doc: g.evidence?.[0]?.doc ?? '(none)', right: right.get(g.id)! }));
};

try {
  const fitCases: Case[] = [];
  for (const set of fitting) if (set.golds.length) fitCases.push(...(await casesOf(set)));
  const heldCases = await casesOf(heldout);
  const acc = (cs: Case[], i: number) => (cs.length ? cs.filter((c) => c.right[i]).length / cs.length : 1);
  // The best threshold of the grid; a step away from the current one must win at least two questions, as in
  // fit-weights: one question flipping is noise.
  const fit = (cs: Case[]): number => {
    let best = GRID.indexOf(base.support);
    if (best < 0) best = GRID.indexOf(0.6);
    for (let i = 0; i < GRID.length; i++) if (acc(cs, i) > acc(cs, best) + 1.5 / cs.length) best = i;
    return best;
  };
  console.log(`questions: ${fitCases.length} fitting, ${heldCases.length} held back`);
  console.log('threshold   fitting   held back');
  for (let i = 0; i < GRID.length; i++) console.log(`${GRID[i]!.toFixed(2).padStart(9)}   ${(100 * acc(fitCases, i)).toFixed(1).padStart(5)} %   ${(100 * acc(heldCases, i)).toFixed(1).padStart(5)} %`);
  const fitted = fit(fitCases);
  console.log(`fitted: ${GRID[fitted]} (was ${base.support}); fitting ${(100 * acc(fitCases, fitted)).toFixed(1)} % (pooled), held back ${(100 * acc(heldCases, fitted)).toFixed(1)} %`);

  const docs = [...new Set(fitCases.map((c) => c.doc))];
  let right = 0;
  for (const d of docs) {
    const test = fitCases.filter((c) => c.doc === d);
    const i = fit(fitCases.filter((c) => c.doc !== d));
    const n = test.filter((c) => c.right[i]).length;
    right += n;
    console.log(`  leave out ${d.padEnd(72)} ${String(test.length).padStart(3)}  ${(100 * (n / test.length)).toFixed(1)} % at ${GRID[i]}`);
  }
  console.log(`leave-one-document-out: ${(100 * (right / fitCases.length)).toFixed(1)} % of ${fitCases.length}`);

  if (opts.write) {
    const file = new URL('../src/answer/match-weights.json', import.meta.url);
    const old = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, `${JSON.stringify({ ...old, weights: { ...old.weights, support: GRID[fitted] } }, null, 2)}\n`);
    console.log(`wrote ${file.pathname}`);
  }
} finally {
  await opened.knowledge.close();
  rmSync(tmp, { recursive: true, force: true });
}
