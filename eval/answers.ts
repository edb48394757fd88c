// `npm run eval:answers [-- FILE.jsonl]`: ingests ../shared/corpus/pdf (OCR included) into a store kept in
// .cache/eval-store (re-runs skip unchanged files), then answers and scores the question file (default: the shared
// dev set) with `namndkoll eval`. Results go to .cache/eval-answers.jsonl.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { main } from '../src/cli/main.ts';

const shared = path.resolve(process.env.SHARED_DIR ?? '../shared');
const questions = process.argv[2] ?? path.join(shared, 'eval/dev.jsonl');
if (!existsSync(path.join(shared, 'corpus/pdf'))) {
  console.error(`eval:answers: the shared corpus is not at ${shared}`);
  process.exit(2);
}
const data = path.resolve('.cache/eval-store');
mkdirSync(data, { recursive: true });
process.env.LOG_LEVEL ??= 'warn';
const ingested = await main(['ingest', path.join(shared, 'corpus/pdf'), '--data', data]);
if (ingested !== 0) process.exit(ingested);
const out = path.resolve('.cache/eval-answers.jsonl');
process.exit(await main(['eval', questions, '--out', out, '--data', data, '--scorer', path.join(shared, 'eval/tools/score.mjs')]));
