// `node bin/run-ts.mjs eval/fit-weights.ts [--data DIR] [--write]`
//
// Fits the weights of the table-matching score (src/answer/operations.ts `matchScore`) and its refusal threshold on
// every question the operations grammar reads: ../shared/eval/dev.jsonl, ../shared/eval/real.jsonl,
// eval/paraphrases.jsonl and the generated questions of .cache/generated-fitted.jsonl (npm run eval:answers writes
// them). The generated held-back half (.cache/generated-heldout.jsonl) is never fitted on; it is reported apart.
// Coordinate search from the current weights, maximising the share of questions whose operands give an expected
// value (an unanswerable question counts when an operand is missing). Prints pooled accuracy, a leave-one-document-out
// figure (fitted without the document's questions, scored on them) and the held-back figure; --write stores the
// weights fitted on all fitting material in src/answer/match-weights.json.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { StoreKnowledge } from '../src/answer/knowledge.ts';
import { candidatesOf, compute, joinStoredLabels, matchWeights, operandQuery, pickOperands, readOperation, readSeries, seriesYears, storedLabels, type Match, type MatchWeights, type Operation } from '../src/answer/operations.ts';
import { route } from '../src/answer/router.ts';
import { resolveScope } from '../src/answer/scope.ts';
import { loadEnv } from '../src/config/env.ts';
import type { CalcFigure } from '../src/model/calc.ts';
import { fittingSets, heldoutSet, type Gold } from './fitting-sets.ts';

const { values: opts } = parseArgs({ options: { data: { type: 'string' }, write: { type: 'boolean' } } });
const shared = path.resolve(process.env.SHARED_DIR ?? '../shared');
const data = path.resolve(opts.data ?? '.cache/eval-store');
process.env.LOG_LEVEL ??= 'warn';

const fitting = fittingSets(shared).flatMap((s) => s.golds);
const heldout = heldoutSet().golds;

const knowledge = await StoreKnowledge.open(loadEnv({ ...process.env, NAMNDKOLL_DATA: data }));
if (!knowledge) {
  console.error(`fit-weights: no store at ${data} (run npm run eval:answers first)`);
  process.exit(2);
}

interface Case {
  id: string;
  doc: string;
  op: Operation;
  cands: Match[][];
  expected: number[];
  unanswerable: boolean;
}
const cases = (golds: Gold[]): Case[] =>
  golds.flatMap((g) => {
    const r = route(g.question);
    // A trend is a series of operands, one per year (as the answerer reads it).
    const years = r.kind === 'trend' ? seriesYears(g.question, r.period.years) : null;
    const asked = readOperation(g.question) ?? (years ? readSeries(g.question, years) : null);
    if (!asked) return [];
    const scope = resolveScope(r, knowledge.documents());
    // A trend that names no subject but the committee goes to its total rows, not to the match score.
    if (asked.op === 'trend' && !operandQuery(asked.operands[0]!, scope).terms.length) return [];
    const op = joinStoredLabels(asked, storedLabels(knowledge, scope));
    // A figure whose label holds none of the subject's words never wins above the threshold: left out, for speed.
    const cands = candidatesOf(knowledge, scope, op).map((list) => list.filter((m) => m.features.label > 0));
    return [{ id: g.id, doc: g.evidence?.[0]?.doc ?? '(none)', op, cands, expected: g.values.map((v) => v.value), unanswerable: g.type === 'unanswerable' }];
  });

// Within half a unit of the last printed decimal or 0.5 %, and across tkr/mnkr, as the scorer compares.
const near = (a: number, b: number) => [1, 1000, 0.001].some((k) => Math.abs(Math.abs(a * k) - Math.abs(b)) <= Math.max(0.051, 0.005 * Math.abs(b)));

type Outcome = 'right' | 'missed' | 'wrong';

function outcome(c: Case, w: MatchWeights): Outcome {
  let figs = pickOperands(c.cands, c.op, w);
  // A series holds the years found; a year the row lacks is no missing operand.
  if (c.op.op === 'trend') figs = figs.filter(Boolean);
  if (figs.some((f) => !f) || figs.length < 2) return c.unanswerable ? 'right' : 'missed';
  if (c.unanswerable) return 'wrong';
  let got: number[];
  try {
    const r = compute(c.op.op, figs as CalcFigure[]);
    got = [r.value, ...(r.magnitudeChange !== null ? [r.magnitudeChange] : []), ...(r.pct !== null ? [r.pct] : []), ...(figs as CalcFigure[]).map((f) => f.value)];
    if (c.op.op === 'average') got.push(r.value / figs.length);
    if (c.op.op === 'difference' || c.op.op === 'deviation') {
      const base = (figs as CalcFigure[])[c.op.op === 'deviation' ? 1 : 0]!.value;
      if (base) got.push((r.value / Math.abs(base)) * 100);
    }
  } catch {
    return 'missed';
  }
  return c.expected.every((e) => got.some((g) => near(g, e))) ? 'right' : 'wrong';
}
const correct = (c: Case, w: MatchWeights) => outcome(c, w) === 'right';

const accuracy = (cs: Case[], w: MatchWeights) => (cs.length ? cs.filter((c) => correct(c, w)).length / cs.length : 1);
/**
 * What the fit maximises: right answers less wrong ones. A missed operand costs nothing here because the answerer
 * then tries its other readings (a lookup, the calc engine's totals) or refuses; a wrong figure misleads.
 */
const objective = (cs: Case[], w: MatchWeights) => {
  let v = 0;
  for (const c of cs) {
    const o = outcome(c, w);
    v += o === 'right' ? 1 : o === 'wrong' ? -1 : 0;
  }
  return cs.length ? v / cs.length : 0;
};

const KEYS = ['label', 'extra', 'year', 'measure', 'header', 'context', 'document', 'threshold'] as const;
function fit(cs: Case[], start: MatchWeights): MatchWeights {
  let best = { ...start };
  let bestAcc = objective(cs, best);
  for (let pass = 0; pass < 3; pass++) {
    let improved = false;
    for (const k of KEYS) {
      for (const f of [0.5, 0.75, 1.25, 1.5]) {
        const trial = { ...best, [k]: k === 'threshold' ? best[k] + (f - 1) * 2 : Math.round(best[k] * f * 100) / 100 || 0.25 };
        const acc = objective(cs, trial);
        // A step must win at least two questions: one question flipping is noise, and moving the weights for it
        // is the hand-tuning against single misses that the fit is there to avoid.
        if (acc > bestAcc + 1.5 / cs.length) {
          best = trial;
          bestAcc = acc;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return best;
}

const fitCases = cases(fitting);
const heldCases = cases(heldout);
const start = matchWeights();
console.log(`operation questions: ${fitCases.length} fitting (of ${fitting.length}), ${heldCases.length} held back (of ${heldout.length})`);
console.log(`current weights: fitting ${(100 * accuracy(fitCases, start)).toFixed(1)} %, held back ${(100 * accuracy(heldCases, start)).toFixed(1)} %`);
const fitted = fit(fitCases, start);
console.log(`fitted weights:  fitting ${(100 * accuracy(fitCases, fitted)).toFixed(1)} % (pooled), held back ${(100 * accuracy(heldCases, fitted)).toFixed(1)} %`);
console.log(JSON.stringify(fitted));

// Leave one document out: fit without the document's questions, score on them.
const docs = [...new Set(fitCases.map((c) => c.doc))];
let right = 0;
for (const d of docs) {
  const test = fitCases.filter((c) => c.doc === d);
  const w = fit(fitCases.filter((c) => c.doc !== d), start);
  const n = test.filter((c) => correct(c, w)).length;
  right += n;
  console.log(`  leave out ${d.padEnd(76)} ${String(test.length).padStart(3)}  ${(100 * (n / test.length)).toFixed(1)} %`);
}
console.log(`leave-one-document-out: ${(100 * (right / fitCases.length)).toFixed(1)} % of ${fitCases.length}`);

if (opts.write) {
  const file = new URL('../src/answer/match-weights.json', import.meta.url);
  const old = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, `${JSON.stringify({ ...old, weights: fitted }, null, 2)}\n`);
  console.log(`wrote ${file.pathname}`);
}
await knowledge.close();
