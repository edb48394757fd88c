// `node bin/run-ts.mjs eval/generate-cli.ts [--data DIR] [--out FILE.jsonl] [--seed N] [--per N]`: writes generated
// questions (eval/generate.ts) for every document in a store as JSONL, in the format of ../shared/eval/dev.jsonl
// plus `template`, `wording` and `heldout`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DocumentStore } from '../src/store/documents/store.ts';
import { generateQuestions } from './generate.ts';

const { values } = parseArgs({
  options: { data: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, per: { type: 'string' } },
});
const data = path.resolve(values.data ?? '.cache/eval-store');
const store = DocumentStore.open(data);
let docs;
try {
  docs = store.all();
} finally {
  store.close();
}
if (!docs.length) {
  console.error(`generate: no documents stored in ${data}`);
  process.exit(1);
}
const questions = generateQuestions(docs, { seed: values.seed ? Number(values.seed) : undefined, perTemplate: values.per ? Number(values.per) : undefined });
const text = `${questions.map((q) => JSON.stringify(q)).join('\n')}\n`;
if (values.out) {
  writeFileSync(values.out, text);
  const held = questions.filter((q) => q.heldout).length;
  console.error(`generate: ${questions.length} questions (${held} held back) from ${docs.length} documents → ${values.out}`);
} else process.stdout.write(text);
