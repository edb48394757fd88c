// Answer time on the dev questions at a large store. The store is built through the store's own API (save and
// index in one transaction, as ingest does) from document models: the corpus's text PDFs parsed once, then copies
// of their models under new ids with their years moved (ids, titles, sha256 and every 19xx/20xx year in the text
// and tables; other numbers are the source's). The corpus documents themselves are in the store, so that the
// questions have their answers. Kept in the temp dir between runs.
// With --data DIR, a store made otherwise (a bulk `namndkoll ingest` of generated PDFs with the corpus ingested
// into it) is measured as it is.
// Run on its own: node bin/run-ts.mjs bench/answer.ts [--docs 10000] [--data DIR] [--shared DIR]
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { createPipeline } from '../src/app/create-pipeline.ts';
import { loadEnv } from '../src/config/env.ts';
import { ParsedDocument } from '../src/model/document.ts';
import { DocumentStore } from '../src/store/documents/store.ts';
import { openIndexer } from '../src/store/indexer.ts';
import type { BenchResult } from './result.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const load = () => `load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;

export async function benchAnswer(shared = path.resolve(arg('--shared') ?? '../shared')): Promise<BenchResult[]> {
  const given = arg('--data');
  const dir = given ? path.resolve(given) : path.join(os.tmpdir(), `namndkoll-bench-answer-${arg('--docs') ?? process.env.NAMNDKOLL_BENCH_DOCS ?? 1000}`);
  const count = existsSync(path.join(dir, 'namndkoll.sqlite')) ? storedCount(dir) : 0;
  const target = given ? count : Number(arg('--docs') ?? process.env.NAMNDKOLL_BENCH_DOCS ?? 1000);
  const results: BenchResult[] = [];
  if (count !== target) {
    rmSync(dir, { recursive: true, force: true });
    const t0 = performance.now();
    await build(shared, dir, target);
    results.push({ name: `answer: store build (${target} documents, store API)`, value: (performance.now() - t0) / 1000, unit: 's', note: load() });
  }
  const questions = readFileSync(path.join(shared, 'eval/dev.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; type: string; question: string });
  const t1 = performance.now();
  const pipeline = await createPipeline(loadEnv({ ...process.env, NAMNDKOLL_DATA: dir }));
  await pipeline.ask(questions[0]!.question);
  results.push({ name: `answer: first answer after opening (${target} documents)`, value: performance.now() - t1, unit: 'ms', note: load() });
  const ms: number[] = [];
  const cpu: number[] = [];
  for (const q of questions) {
    const c = process.cpuUsage();
    const t = performance.now();
    await pipeline.ask(q.question);
    ms.push(performance.now() - t);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
  }
  await pipeline.close();
  const at = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
  results.push({ name: `answer: p50 on the dev questions (${target} documents)`, value: at(ms, 0.5), unit: 'ms', note: `${ms.length} questions; ${load()}` });
  const slowest = questions.map((q, i) => ({ q, ms: ms[i]! })).sort((a, b) => b.ms - a.ms).slice(0, 3);
  results.push({ name: `answer: p95 on the dev questions (${target} documents)`, value: at(ms, 0.95), unit: 'ms', note: `slowest: ${slowest.map((x) => `${x.q.id} ${x.q.type} ${x.ms.toFixed(0)} ms`).join(', ')}` });
  results.push({ name: `answer: CPU ms p50 / p95 per question (${target} documents)`, value: at(cpu, 0.5), unit: `ms / ${at(cpu, 0.95).toFixed(0)} ms`, note: 'without the waiting other load adds' });
  return results;
}

function storedCount(dir: string): number {
  const store = DocumentStore.open(dir);
  try {
    return store.list().length;
  } finally {
    store.close();
  }
}

async function build(shared: string, dir: string, target: number): Promise<void> {
  const { parsePdf } = await import('../ingest/parse.ts');
  const pdfDir = path.join(shared, 'corpus/pdf');
  const sources: ParsedDocument[] = [];
  for (const f of readdirSync(pdfDir).filter((n) => n.endsWith('.pdf')).sort()) {
    const doc = await parsePdf(path.join(pdfDir, f), { noOcr: true });
    if (doc.sections.length || doc.tables.length) sources.push(doc);
  }
  const store = DocumentStore.open(dir);
  const indexer = (await openIndexer(store))!;
  try {
    for (let i = 0; i < target; i++) {
      const src = sources[i % sources.length]!;
      const doc = i < sources.length ? src : variant(src, i);
      await store.transaction(async () => {
        store.save(doc);
        await indexer.indexDocument(doc);
      });
      if (i % 100 === 99) process.stderr.write(`answer bench: ${i + 1}/${target} documents stored\n`);
    }
  } finally {
    store.close();
  }
}

/** The source's model under a new id, with every year moved by `shift` (by default one that depends on `i`). */
export function variant(src: ParsedDocument, i: number, shift = (i % 9) - 4): ParsedDocument {
  const id = `gen${String(i).padStart(5, '0')}-${src.document.id}`;
  const json = JSON.stringify(src)
    .replaceAll(`"${src.document.id}`, `"${id}`)
    .replace(/\b(19[9]\d|20[0-3]\d)\b/g, (y) => String(Number(y) + shift));
  const doc = ParsedDocument.parse(JSON.parse(json));
  doc.document.sha256 = createHash('sha256').update(json).digest('hex');
  return doc;
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) {
  for (const r of await benchAnswer()) console.log(`${r.name.padEnd(56)} ${r.value.toFixed(r.value >= 100 ? 0 : 2).padStart(10)} ${r.unit}${r.note ? `  (${r.note})` : ''}`);
}
