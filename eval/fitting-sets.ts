// The material the fitted weights and thresholds are fitted on, and the half held back from it: one place, so that
// eval/fit-weights.ts and eval/fit-support.ts fit on the same questions.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Gold {
  id: string;
  type: string;
  question: string;
  values: { value: number; unit: string }[];
  evidence?: { doc: string }[];
}

export interface GoldSet {
  file: string;
  golds: Gold[];
}

const read = (file: string): GoldSet => ({
  file,
  golds: existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Gold) : [],
});

/** dev, real, the paraphrases and the generated fitted half (npm run eval:answers writes it to .cache). */
export function fittingSets(shared: string): GoldSet[] {
  return [read(path.join(shared, 'eval/dev.jsonl')), read(path.join(shared, 'eval/real.jsonl')), read('eval/paraphrases.jsonl'), read('.cache/generated-fitted.jsonl')];
}

/** The generated held-back half: never fitted on, reported apart. */
export function heldoutSet(): GoldSet {
  return read('.cache/generated-heldout.jsonl');
}
