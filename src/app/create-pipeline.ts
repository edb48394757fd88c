import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openAnswerer } from '../answer/open.ts';
import type { Answerer } from '../answer/answerer.ts';
import type { Env } from '../config/env.ts';
import type { Table } from '../model/document.ts';
import { made } from '../answer/compose.ts';
import { DocumentStore } from '../store/documents/store.ts';
import { FeedbackStore } from '../store/feedback.ts';
import { ingestBatch } from '../store/ingest-batch.ts';
import { openIndexer } from '../store/indexer.ts';
import type { ChartSource } from '../answer/calculate.ts';
import type { Answer } from '../model/answer.ts';
import { chartForAnswer, chartForCalculation } from './chart.ts';
import type { DocumentSummary, IngestOutcome, Pipeline } from './pipeline.ts';

/** The real pipeline over the store in NAMNDKOLL_DATA: answering, ingest of uploads, charts and feedback. */
export async function createPipeline(env: Env): Promise<Pipeline> {
  const store = DocumentStore.open(env.NAMNDKOLL_DATA);
  const feedback = new FeedbackStore(store.db);
  let answerer: Answerer | null = null;
  // The calculation behind each answer handed out, so that its chart draws the engine's figures, not the text's.
  const calculations = new WeakMap<Answer, ChartSource>();
  let closeKnowledge: (() => Promise<void>) | null = null;
  // The answerer keeps documents warm; after an ingest it is opened again so that it sees the new document.
  const ensureAnswerer = async (): Promise<Answerer | null> => {
    if (!answerer) {
      const opened = await openAnswerer(env);
      if (opened) {
        answerer = opened.answerer;
        closeKnowledge = () => opened.knowledge.close();
      }
    }
    return answerer;
  };
  const reset = async () => {
    await closeKnowledge?.();
    answerer = null;
    closeKnowledge = null;
  };

  const summaries = (): DocumentSummary[] =>
    store.list().map((d) => ({
      id: d.id,
      title: d.title,
      municipality: d.municipality,
      committee: d.committee,
      documentType: d.documentType,
      year: d.year,
      pageCount: d.pageCount,
      tableCount: d.tables,
      figureCount: d.figures,
      ocrPages: d.textSources.ocr ?? 0,
    }));

  return {
    async ask(question, options) {
      const a = await ensureAnswerer();
      if (!a) return made('none', 'Inga dokument är inlästa än.', [], [], true);
      const trace = await a.ask(question, options);
      if (trace.chart) calculations.set(trace.answer, trace.chart);
      return trace.answer;
    },
    documents(only) {
      const all = summaries();
      return only ? all.filter((d) => only.includes(d.id)) : all;
    },
    async ingest(fileName, bytes, onProgress): Promise<IngestOutcome> {
      // The batch runner reads files by path; the upload keeps its own name so the document id is the file name.
      const dir = await mkdtemp(path.join(os.tmpdir(), 'namndkoll-upload-'));
      const file = path.join(dir, path.basename(fileName));
      try {
        await writeFile(file, bytes);
        const indexer = await openIndexer(store);
        const result = await ingestBatch([file], { store, indexer, write: (line) => onProgress?.(line) });
        const r = result.files[0];
        if (!r || r.status === 'failed' || r.status === 'interrupted' || !r.id) throw new Error(r?.error ?? 'the file could not be read');
        await reset();
        const doc = summaries().find((d) => d.id === r.id);
        if (!doc) throw new Error(`${fileName}: stored, but not found afterwards`);
        return { status: r.status, document: doc };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    async chart(answer) {
      if (answer.refused) return null;
      const source = calculations.get(answer);
      return source ? chartForCalculation(source) : chartForAnswer(answer);
    },
    table(documentId, page, quote) {
      const tables = store.tables(documentId).filter((t) => t.pages.includes(page));
      if (!tables.length) return null;
      if (!quote) return tables[0]!;
      return best(tables, quote);
    },
    saveFeedback: (f) => feedback.save(f),
    async close() {
      await reset();
      store.close();
    },
  };
}

/** The table whose cells share the most words with the quoted row. */
function best(tables: Table[], quote: string): Table {
  const words = new Set(quote.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean));
  let top = tables[0]!;
  let topScore = -1;
  for (const t of tables) {
    const cells = new Set(t.rows.flat().join(' ').toLowerCase().split(/[^\p{L}\p{N}]+/u));
    const score = [...words].filter((w) => cells.has(w)).length;
    if (score > topScore) (top = t), (topScore = score);
  }
  return top;
}
