import type { Env } from '../config/env.ts';
import type { Table } from '../model/document.ts';
import type { Answer } from '../model/answer.ts';
import { QueuedWriter } from '../store/database.ts';
import { DocumentStore } from '../store/documents/store.ts';
import { FeedbackStore } from '../store/feedback.ts';
import type { DocumentSummary, IngestOutcome, Pipeline } from './pipeline.ts';
import { InThread, ThreadPool, type Runner } from './worker-pool.ts';

export interface PipelineOptions {
  /**
   * Answer threads: 0 answers and ingests in this thread (the terminal chat); more puts answering in that many
   * worker threads and ingest in one more, so that this thread stays free (the Slack bot).
   */
  threads?: number;
}

/**
 * The real pipeline over the store in NAMNDKOLL_DATA: answering, ingest of uploads, charts and feedback. Each role has
 * its own connection: this thread reads (document lists, tables) and writes its short records through a queue;
 * answerers and the writer have theirs, in their threads.
 */
export async function createPipeline(env: Env, options: PipelineOptions = {}): Promise<Pipeline & { state: QueuedWriter }> {
  const reader = DocumentStore.open(env.NAMNDKOLL_DATA);
  const state = new QueuedWriter(DocumentStore.open(env.NAMNDKOLL_DATA).db);
  const feedback = new FeedbackStore(state.db);
  const runner: Runner = options.threads ? new ThreadPool(env, options.threads) : new InThread(env);
  // Charts are drawn with the answer (where its calculation is at hand) and handed out when asked for.
  const charts = new WeakMap<Answer, Uint8Array>();
  let listed: DocumentSummary[] | null = null;
  const changed = async () => {
    listed = null;
    await runner.reopen();
  };

  const summaries = (): DocumentSummary[] =>
    (listed ??= reader.list().map((d) => ({
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
    })));

  return {
    state,
    async ask(question, options) {
      const { answer, chart } = await runner.ask(question, options ?? {});
      if (chart) charts.set(answer, chart);
      return answer;
    },
    documents(only) {
      const all = summaries();
      return only ? all.filter((d) => only.includes(d.id)) : all;
    },
    withContent(sha256) {
      return (reader.db.prepare('SELECT id FROM documents WHERE sha256 = ? ORDER BY id LIMIT 1').pluck().get(sha256) as string | undefined) ?? null;
    },
    async ingest(request, onProgress): Promise<IngestOutcome> {
      const r = await runner.ingest(request, (line) => onProgress?.(line));
      if (r.status !== 'unchanged') await changed();
      const doc = summaries().find((d) => d.id === r.id);
      if (!doc) throw new Error(`${r.id}: stored, but not found afterwards`);
      return { status: r.status, document: doc };
    },
    async remove(documentId) {
      const removed = await runner.remove(documentId);
      if (removed) await changed();
      return removed;
    },
    async chart(answer) {
      return answer.refused ? null : (charts.get(answer) ?? null);
    },
    table(documentId, page, quote) {
      const tables = reader.tables(documentId).filter((t) => t.pages.includes(page));
      if (!tables.length) return null;
      if (!quote) return tables[0]!;
      return best(tables, quote);
    },
    saveFeedback: (f) => state.write(() => feedback.save(f)),
    async close() {
      await runner.close();
      state.flush();
      state.db.close();
      reader.close();
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
