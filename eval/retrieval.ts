// Retrieval recall on the shared question set: ingests ../shared/corpus/pdf into a temporary data directory (or
// reuses one), indexes it with the configured embedder (the local one unless OPENAI_EMBEDDING_MODEL is set), and
// asks each question. A question is a hit when one of its evidence quotes (≥ 80 % of its words) is in a chunk of
// the right document among the top k. Unanswerable questions have no evidence and are skipped.
// Usage: npm run eval:retrieval [-- --shared DIR] [--questions FILE.jsonl] [--pdf DIR ...] [--data DIR] [--k 5] [--ocr]
// [--verbose] [--json]. --pdf (repeatable) names the folders to ingest; corpus/pdf by default, for real.jsonl
// `--pdf ../shared/corpus/real`.
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadEnv } from '../src/config/env.ts';
import type { ParsedDocument, Section } from '../src/model/document.ts';
import { openSearch } from '../src/search/index.ts';
import { DocumentStore } from '../src/store/documents/store.ts';
import { rebuildIndex } from '../src/store/vector/rebuild.ts';
import { evidenceRank, readQuestions } from './evidence.ts';

const { values: opts } = parseArgs({
  options: {
    shared: { type: 'string', default: path.resolve(import.meta.dirname, '../../shared') },
    questions: { type: 'string' },
    data: { type: 'string' },
    pdf: { type: 'string', multiple: true },
    k: { type: 'string', default: '5' },
    ocr: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const K = Number(opts.k);
const shared = path.resolve(opts.shared!);

const questions = readQuestions(opts.questions ? path.resolve(opts.questions) : path.join(shared, 'eval/dev.jsonl'));

const dataDir = opts.data ? path.resolve(opts.data) : mkdtempSync(path.join(os.tmpdir(), 'namndkoll-retrieval-'));
const store = DocumentStore.open(dataDir);
const env = loadEnv({ ...process.env, NAMNDKOLL_DATA: dataDir });
const { search, indexer } = await openSearch(env, store.db);
const log = (s: string) => process.stderr.write(`${s}\n`);

const pdfDirs = opts.pdf?.length ? opts.pdf.map((d) => path.resolve(d)) : [path.join(shared, 'corpus/pdf')];
let fallbackUsed = false;
for (const [pdfDir, name] of pdfDirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.pdf')).sort().map((f) => [d, f] as const))) {
  const id = name.replace(/\.pdf$/, '');
  if (store.storedHash(id)) continue;
  const file = path.join(pdfDir, name);
  const t0 = Date.now();
  // Loaded here, so that a run on an ingested data directory does not need the parser.
  const { parsePdf } = await import('../ingest/parse.ts');
  const doc = await parsePdf(file, { noOcr: !opts.ocr });
  if (!doc.sections.length) {
    doc.sections = await pageSections(file);
    fallbackUsed ||= doc.sections.some((s) => s.text.trim());
  }
  if (!doc.sections.some((s) => s.text.trim()) && !doc.tables.length) {
    log(`${name}: no text (scanned; OCR ${opts.ocr ? 'failed' : 'not run, pass --ocr'}): skipped`);
    continue;
  }
  store.save(doc, { sourcePath: file });
  log(`${name}: parsed in ${Date.now() - t0} ms (${doc.sections.length} sections, ${doc.tables.length} tables)`);
}
if (fallbackUsed) log('note: the section stage returned no sections; pages were used as sections');

const t1 = Date.now();
const built = await rebuildIndex(store.all(), indexer);
log(`indexed ${built.documents} documents, ${built.chunks} chunks in ${Date.now() - t1} ms (${indexer.embedder.id}, ${indexer.store.kind})`);
const stored = new Set(store.list().map((d) => d.id));

const rows: { id: string; type: string; rank: number | null; top: string[] }[] = [];
const latencies: number[] = [];
for (const q of questions) {
  if (!q.evidence.length) continue;
  if (!q.evidence.some((e) => stored.has(e.doc))) continue;
  const t = performance.now();
  const hits = await search.search(q.question, { limit: Math.max(K, 10) });
  latencies.push(performance.now() - t);
  const rank = evidenceRank(q, hits);
  rows.push({ id: q.id, type: q.type, rank, top: hits.slice(0, K).map((h) => `${h.chunk.documentId.slice(0, 28)} p${h.chunk.pages[0]} ${h.chunk.kind} ${h.chunk.text.slice(0, 70).replace(/\s+/g, ' ')}`) });
}

const recall = rows.filter((r) => r.rank !== null && r.rank <= K).length / rows.length;
const recall10 = rows.filter((r) => r.rank !== null && r.rank <= 10).length / rows.length;
const mrr = rows.reduce((s, r) => s + (r.rank !== null ? 1 / r.rank : 0), 0) / rows.length;
latencies.sort((a, b) => a - b);
const byType: Record<string, { n: number; hits: number }> = {};
for (const r of rows) {
  const t = (byType[r.type] ??= { n: 0, hits: 0 });
  t.n++;
  if (r.rank !== null && r.rank <= K) t.hits++;
}
const summary = {
  questions: rows.length,
  [`recall@${K}`]: Number(recall.toFixed(3)),
  'recall@10': Number(recall10.toFixed(3)),
  'MRR@10': Number(mrr.toFixed(3)),
  byType: Object.fromEntries(Object.entries(byType).map(([t, v]) => [t, `${v.hits}/${v.n}`])),
  msP50: Math.round(latencies[Math.floor(latencies.length / 2)] ?? 0),
  embedder: indexer.embedder.id,
  store: indexer.store.kind,
  dataDir,
};
if (opts.json) console.log(JSON.stringify({ summary, rows }, null, 1));
else {
  for (const r of rows) {
    if (r.rank !== null && r.rank <= K && !opts.verbose) continue;
    console.log(`${r.rank !== null && r.rank <= K ? 'hit ' : 'MISS'} ${r.id} ${r.type} rank ${r.rank ?? '-'}: ${questions.find((q) => q.id === r.id)!.question}`);
    if (opts.verbose || r.rank === null || r.rank > K) for (const t of r.top) console.log(`      ${t}`);
  }
  console.log(JSON.stringify(summary));
}
store.close();

/** One section per page, from the page's lines: a stand-in while the section stage returns none. */
async function pageSections(file: string): Promise<Section[]> {
  const { loadPdf } = await import('../ingest/pdf/load.ts');
  const { stripFurniture } = await import('../ingest/layout/furniture.ts');
  const { buildLines } = await import('../ingest/layout/lines.ts');
  const pdf = await loadPdf(file);
  const contents = pdf.pages.flatMap((p) => (p.ok ? [p.content] : []));
  const { pages } = stripFurniture(contents);
  return pages.map((p) => {
    const text = buildLines(p.number, p.items)
      .map((l) => l.text)
      .join('\n');
    return { id: `p${p.number}`, number: null, heading: `Sida ${p.number}`, level: 1, path: [`Sida ${p.number}`], pageStart: p.number, pageEnd: p.number, text };
  });
}
