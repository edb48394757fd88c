// Search latency on the shared corpus and on a generated index of 200 000 chunks, and the embedded index's
// load time and memory. Run alone: node bin/run-ts.mjs bench/search.ts [--shared DIR] [--chunks N]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { LocalEmbedder } from '../src/embed/local.ts';
import type { Chunk } from '../src/model/chunk.ts';
import type { ParsedDocument } from '../src/model/document.ts';
import { HybridSearch } from '../src/search/hybrid.ts';
import { databasePath, openDatabase } from '../src/store/database.ts';
import { EmbeddedStore } from '../src/store/vector/embedded.ts';
import { DocumentIndexer } from '../src/store/vector/indexer.ts';
import type { IndexedChunk } from '../src/store/vector/store.ts';
import { isStopword, words } from '../src/text/analyzer.ts';
import { chunkTerms, embeddingText } from '../src/text/lexical.ts';
import { evidenceRank, readQuestions } from '../eval/evidence.ts';
import type { BenchResult } from './result.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

export async function benchSearch(): Promise<BenchResult[]> {
  const shared = path.resolve(arg('--shared') ?? path.join(import.meta.dirname, '../../shared'));
  const target = Number(arg('--chunks') ?? process.env.NAMNDKOLL_BENCH_CHUNKS ?? 200_000);
  const questions = readFileSync(path.join(shared, 'eval/dev.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { question: string }).question);
  const embedder = new LocalEmbedder();
  const results: BenchResult[] = [];

  // Corpus: the shared PDFs, parsed and indexed in a temporary database.
  const { parsePdf } = await import('../ingest/parse.ts');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'namndkoll-bench-search-'));
  const corpusChunks: Chunk[] = [];
  const docs: ParsedDocument[] = [];
  let corpusRecall: Recall;
  try {
    const db = openDatabase(dir);
    const store = new EmbeddedStore(db);
    const indexer = new DocumentIndexer(store, embedder);
    const pdfDir = path.join(shared, 'corpus/pdf');
    for (const f of readdirSync(pdfDir).filter((n) => n.endsWith('.pdf')).sort()) {
      const doc = await parsePdf(path.join(pdfDir, f), { noOcr: true });
      if (doc.sections.length || doc.tables.length) docs.push(doc);
    }
    const t0 = performance.now();
    for (const doc of docs) {
      const prepared = await indexer.prepare(doc);
      db.transaction(() => indexer.writeSync(prepared))();
      corpusChunks.push(...prepared.items.map((i) => i.chunk));
    }
    results.push({ name: 'corpus: index build', value: performance.now() - t0, unit: 'ms', note: `${docs.length} documents, ${corpusChunks.length} chunks` });
    const lat = await latencies(new HybridSearch(store, embedder), questions, 3);
    results.push({ name: 'corpus: search latency p50', value: lat.p50, unit: 'ms', note: `${lat.n} queries` });
    results.push({ name: 'corpus: search latency p95', value: lat.p95, unit: 'ms' });
    corpusRecall = await recall(new HybridSearch(store, embedder), docs, path.join(shared, 'eval/dev.jsonl'));
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Generated: `target` chunks made from the corpus chunks' words, in a database kept between runs.
  const genDir = path.join(os.tmpdir(), `namndkoll-bench-${target}-${embedder.id}`);
  let built = false;
  if (!existsSync(databasePath(genDir)) || countIn(genDir) !== target) {
    rmSync(genDir, { recursive: true, force: true });
    const t0 = performance.now();
    await generate(genDir, corpusChunks, target, embedder);
    results.push({ name: `generated: index build (${target} chunks)`, value: (performance.now() - t0) / 1000, unit: 's' });
    built = true;
  }
  results.push({ name: 'generated: database size', value: statSync(databasePath(genDir)).size / 2 ** 20, unit: 'MB' });

  const plain = plainFts(genDir);

  for (const question of [questions[0]!, questions[1]!]) {
    const cold = coldStart(genDir, question);
    results.push({
      name: 'generated: cold start (new process: open + first query)',
      value: cold.total,
      unit: 'ms',
      note: `open ${cold.opened.toFixed(0)} ms; ${built ? 'file just written' : 'file from an earlier run'}, OS page cache as found; ${load()}`,
    });
  }

  const rssBefore = process.memoryUsage().rss;
  const db = openDatabase(genDir);
  const store = new EmbeddedStore(db);
  const search = new HybridSearch(store, embedder);
  await search.warm();
  // Each question asked of both in turn, so that both see the same load on a shared machine.
  const { lat, ref, cpu, refCpu } = await paired(search, plain, questions, 2);
  results.push({ name: `generated: search latency p50 (${target} chunks)`, value: lat.p50, unit: 'ms', note: `${lat.n} queries; ${load()}` });
  results.push({ name: `generated: search latency p95 (${target} chunks)`, value: lat.p95, unit: 'ms' });
  results.push({ name: `generated: plain FTS5 BM25 p50 / p95 (same texts)`, value: ref.p50, unit: `ms / ${ref.p95.toFixed(1)} ms`, note: 'question words less stop words, OR, top 30' });
  results.push({ name: 'generated: hybrid / plain FTS5, p50 and p95', value: lat.p50 / ref.p50, unit: `× / ${(lat.p95 / ref.p95).toFixed(2)} ×`, note: 'aim ≤ 3×' });
  // CPU time of this process per query: what a query costs without the waiting that other load on the machine adds.
  results.push({ name: `generated: search CPU ms p50 / p95 (${target} chunks)`, value: cpu.p50, unit: `ms / ${cpu.p95.toFixed(1)} ms`, note: `plain FTS5 ${refCpu.p50.toFixed(1)} / ${refCpu.p95.toFixed(1)} ms` });
  plain.close();
  const filtered = await latencies(search, questions.slice(0, 15), 1, { documentId: ['gen-17', 'gen-42'] });
  results.push({ name: 'generated: search latency p50, filtered to 2 documents', value: filtered.p50, unit: 'ms' });
  results.push({ name: 'generated: memory after load and queries (RSS growth)', value: (process.memoryUsage().rss - rssBefore) / 2 ** 20, unit: 'MB' });
  results.push({ name: 'process memory (RSS)', value: process.memoryUsage().rss / 2 ** 20, unit: 'MB' });
  db.close();

  // Recall at scale: the corpus documents indexed among the generated chunks (in a copy of the generated index), where
  // the query's common terms are left out (see `EmbeddedStore.selectTerms`); beside it, the same questions of the
  // corpus alone.
  const scaled = await withCorpus(genDir, docs, embedder, (search) => recall(search, docs, path.join(shared, 'eval/dev.jsonl')));
  results.push({
    name: `generated: recall@5 on dev, corpus among ${target} chunks`,
    value: scaled.recall,
    unit: '',
    note: `${scaled.hits}/${scaled.n}; corpus alone ${corpusRecall.recall.toFixed(3)} (${corpusRecall.hits}/${corpusRecall.n})`,
  });
  return results;
}

interface Recall {
  recall: number;
  hits: number;
  n: number;
}

/** Recall@5 of the questions whose evidence is in `docs`, ranked as eval:retrieval ranks (ten asked for, first five counted). */
async function recall(search: HybridSearch, docs: readonly ParsedDocument[], questionsFile: string): Promise<Recall> {
  const ids = new Set(docs.map((d) => d.document.id));
  const qs = readQuestions(questionsFile).filter((q) => q.evidence.some((e) => ids.has(e.doc)));
  let hits = 0;
  for (const q of qs) {
    const rank = evidenceRank(q, await search.search(q.question, { limit: 10 }));
    if (rank !== null && rank <= 5) hits++;
  }
  return { recall: hits / qs.length, hits, n: qs.length };
}

/** Runs `fn` on a copy of the generated index with `docs` indexed into it; the copy is removed after. */
async function withCorpus<T>(genDir: string, docs: readonly ParsedDocument[], embedder: LocalEmbedder, fn: (search: HybridSearch) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'namndkoll-bench-scaled-'));
  try {
    copyFileSync(databasePath(genDir), databasePath(dir));
    const db = openDatabase(dir);
    try {
      const store = new EmbeddedStore(db);
      const indexer = new DocumentIndexer(store, embedder);
      for (const doc of docs) {
        const prepared = await indexer.prepare(doc);
        db.transaction(() => indexer.writeSync(prepared))();
      }
      return await fn(new HybridSearch(store, embedder));
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const load = () => `load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;

function coldStart(dir: string, question: string): { opened: number; total: number } {
  const r = spawnSync(process.execPath, [path.join(import.meta.dirname, '../bin/run-ts.mjs'), path.join(import.meta.dirname, 'search-cold.ts'), dir, question], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`cold start failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { opened: number; total: number };
}

/**
 * The reference: a plain FTS5 table over the same chunk texts (default tokenizer), in its own file beside the
 * generated index, built once.
 */
function plainFts(dir: string): BetterSqlite3.Database {
  const file = path.join(dir, 'plain-fts5.sqlite');
  const fresh = !existsSync(file);
  const db = new BetterSqlite3(file);
  if (fresh) {
    db.exec(`CREATE VIRTUAL TABLE plain USING fts5(text)`);
    const src = openDatabase(dir, { readonly: true });
    const ins = db.prepare(`INSERT INTO plain (rowid, text) VALUES (?, ?)`);
    db.transaction(() => {
      for (const row of src.prepare(`SELECT rowid, chunk FROM vector_chunk`).iterate() as IterableIterator<{ rowid: number; chunk: string }>) {
        ins.run(row.rowid, (JSON.parse(row.chunk) as Chunk).text);
      }
    })();
    db.exec(`INSERT INTO plain (plain) VALUES ('optimize')`);
    src.close();
  }
  return db;
}

async function paired(search: HybridSearch, db: BetterSqlite3.Database, questions: string[], rounds: number) {
  const top = db.prepare(`SELECT rowid, text FROM plain WHERE plain MATCH ? ORDER BY rank LIMIT 30`);
  const ours: number[] = [];
  const plain: number[] = [];
  const oursCpu: number[] = [];
  const plainCpu: number[] = [];
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1000;
  };
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const terms = [...new Set(words(q).filter((w) => !isStopword(w)))];
      if (!terms.length) continue;
      let c = process.cpuUsage();
      let t = performance.now();
      top.all(terms.map((w) => `"${w}"`).join(' OR '));
      plain.push(performance.now() - t);
      plainCpu.push(cpuMs(c));
      c = process.cpuUsage();
      t = performance.now();
      await search.search(q, { limit: 5 });
      ours.push(performance.now() - t);
      oursCpu.push(cpuMs(c));
    }
  }
  return { lat: percentiles(ours), ref: percentiles(plain), cpu: percentiles(oursCpu), refCpu: percentiles(plainCpu) };
}

function percentiles(ms: number[]) {
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(ms.length * 0.5)]!, p95: ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))]!, n: ms.length };
}

async function latencies(search: HybridSearch, questions: string[], rounds: number, filter?: { documentId: string[] }) {
  const ms: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t = performance.now();
      await search.search(q, { limit: 5, filter });
      ms.push(performance.now() - t);
    }
  }
  return percentiles(ms);
}

function countIn(dir: string): number {
  try {
    const db = openDatabase(dir);
    const n = db.prepare('SELECT count(*) FROM vector_chunk').pluck().get() as number;
    db.close();
    return n;
  } catch {
    return -1;
  }
}

/** Chunks of real length and vocabulary: each a corpus chunk with half its words swapped for random corpus words. */
async function generate(dir: string, seeds: Chunk[], target: number, embedder: LocalEmbedder): Promise<void> {
  const vocab = [...new Set(seeds.flatMap((c) => c.text.split(/\s+/)).filter(Boolean))];
  let state = 42;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const db = openDatabase(dir);
  const store = new EmbeddedStore(db);
  await store.init(embedder.id, embedder.dimensions);
  const types = ['verksamhetsplan', 'årsberättelse', 'delårsrapport', 'nämndplan'] as const;
  const batch: IndexedChunk[] = [];
  for (let i = 0; i < target; i++) {
    const seed = seeds[Math.floor(rand() * seeds.length)]!;
    const text = seed.text
      .split(/(\s+)/)
      .map((w) => (w.trim() && rand() < 0.5 ? vocab[Math.floor(rand() * vocab.length)]! : w))
      .join('');
    const doc = `gen-${Math.floor(i / 100)}`;
    const chunk: Chunk = { ...seed, id: `${doc}:${i}`, documentId: doc, title: doc, documentType: types[i % 4]!, year: 2015 + (i % 10), text };
    batch.push({ chunk, vector: embedder.embedOne(embeddingText(chunk)), ...chunkTerms(chunk) });
    if (batch.length === 5000) {
      await store.upsert(batch.splice(0));
    }
  }
  if (batch.length) await store.upsert(batch);
  db.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await benchSearch()) {
    console.log(`${r.name.padEnd(56)} ${r.value.toFixed(r.value >= 100 ? 0 : 2).padStart(10)} ${r.unit}${r.note ? `  (${r.note})` : ''}`);
  }
}
