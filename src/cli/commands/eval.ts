import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadEnv } from '../../config/env.ts';
import { Answer } from '../../model/answer.ts';
import { openAnswerer } from '../../answer/open.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError } from '../errors.ts';

const Args = z.object({
  out: z.string().min(1, { message: 'give --out RESULTS.jsonl' }),
  data: z.string().min(1).optional(),
  offline: z.boolean().default(false),
  scorer: z.string().min(1).optional(),
  positionals: z.array(z.string()).length(1, { message: 'give exactly one question file (.jsonl)' }),
});
const USAGE = 'eval FILE.jsonl --out RESULTS.jsonl [--data DIR] [--offline] [--scorer score.mjs]';

/** A line of a question file in the format of ../shared/eval/dev.jsonl; only id and question are needed to answer. */
const Question = z.object({ id: z.string(), question: z.string(), type: z.string().optional() }).passthrough();

export const EvalRecord = z.object({
  id: z.string(),
  result: Answer,
  ms: z.number(),
  retrieved: z.array(z.object({ document: z.string(), page: z.number().int().positive(), text: z.string() })),
});

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(
    argv,
    { out: { type: 'string' }, data: { type: 'string' }, offline: { type: 'boolean' }, scorer: { type: 'string' } },
    Args,
    USAGE,
  );
  const file = args.positionals[0]!;
  if (!existsSync(file)) throw new UsageError(`${file}: no such file\nusage: namndkoll ${USAGE}`);
  const questions = readFileSync(file, 'utf8')
    .split('\n')
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => l.trim())
    .map(({ l, i }) => {
      const r = Question.safeParse(JSON.parse(l));
      if (!r.success) throw new UsageError(`${file}:${i + 1}: not a question line (${r.error.issues[0]?.message})`);
      return r.data;
    });
  const env = loadEnv(args.data ? { ...process.env, NAMNDKOLL_DATA: args.data } : process.env);
  const opened = await openAnswerer(env, { offline: args.offline });
  if (!opened) {
    process.stderr.write(`namndkoll eval: no documents stored in ${env.NAMNDKOLL_DATA}; add some with: namndkoll ingest PATH…\n`);
    return 1;
  }
  const lines: string[] = [];
  let refused = 0;
  try {
    // One unscored question first, so that the index and caches are warm when timing starts.
    if (questions[0]) await opened.answerer.ask(questions[0].question);
    for (const q of questions) {
      const t0 = performance.now();
      const { answer, retrieved } = await opened.answerer.ask(q.question);
      const ms = Math.round(performance.now() - t0);
      const record = EvalRecord.parse({
        id: q.id,
        result: answer,
        ms,
        retrieved: retrieved.slice(0, 10).map((r) => ({ document: r.chunk.documentId, page: r.chunk.pages[0]!, text: r.chunk.text })),
      });
      lines.push(JSON.stringify(record));
      if (answer.refused) refused++;
      process.stderr.write(`${q.id} ${answer.refused ? 'refused' : answer.kind} ${ms} ms\n`);
    }
  } finally {
    await opened.knowledge.close();
  }
  writeFileSync(args.out, `${lines.join('\n')}\n`);
  return score(file, args.out, args.scorer, refused);
}

/** Scores with the shared scorer beside the project (`../shared/eval/tools/score.mjs`) and prints it by type. */
function score(goldFile: string, resultsFile: string, scorerArg: string | undefined, refused: number): number {
  const scorer = scorerArg ?? [path.join(path.dirname(goldFile), 'tools/score.mjs'), path.resolve('../shared/eval/tools/score.mjs')].find(existsSync);
  if (!scorer) {
    process.stdout.write(`wrote ${resultsFile}; no scorer found (give --scorer PATH to score.mjs)\n`);
    return 0;
  }
  const r = spawnSync(process.execPath, [scorer, goldFile, resultsFile, '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    return 1;
  }
  const { summary, rows } = JSON.parse(r.stdout) as { summary: Record<string, unknown> & { byType: Record<string, { n: number; correct: number }> }; rows: { id: string; type: string; correct: boolean; refusedWrongly?: boolean; valuesOk?: boolean | null; evidence?: number | null }[] };
  const pct = (x: unknown) => (typeof x === 'number' ? `${(x * 100).toFixed(1)} %` : '–');
  const out = [
    `wrote ${resultsFile} (${rows.length} questions)`,
    '',
    'type            n   correct',
    ...Object.entries(summary.byType).map(([t, v]) => `${t.padEnd(15)} ${String(v.n).padStart(2)}   ${pct(v.correct)}`),
    `${'overall'.padEnd(15)} ${String(summary.n).padStart(2)}   ${pct(summary.correct)}`,
    '',
    `value accuracy ${pct(summary.valueAccuracy)}, evidence recall ${pct(summary.evidenceRecall)}, refusal recall ${pct(summary.refusalRecall)}, refusals ${refused}, wrong refusals ${summary.wrongRefusals}`,
    `answer time p50 ${summary.msP50} ms, p95 ${summary.msP95} ms`,
    '',
    ...rows.filter((x) => !x.correct).map((x) => `  wrong ${x.id} (${x.type})${x.refusedWrongly ? ' refused' : ''}${x.valuesOk === false ? ' values' : ''}${x.evidence === 0 ? ' evidence' : ''}`),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
