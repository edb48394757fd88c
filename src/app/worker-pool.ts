import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Env } from '../config/env.ts';
import { logger } from '../log/logger.ts';
import { AnswerService, type AnsweredQuestion } from './answer-service.ts';
import { IngestService, type IngestRequest, type IngestResult } from './ingest-service.ts';
import type { AskOptions } from './pipeline.ts';

export type PoolRole = 'answer' | 'ingest';

/** @internal Messages from the main thread to a pool thread (worker-thread.ts). */
export type PoolRequest =
  | { type: 'ask'; id: number; question: string; options: Omit<AskOptions, 'onPartial'>; partial: boolean }
  | { type: 'ingest'; id: number; request: IngestRequest }
  | { type: 'remove'; id: number; documentId: string }
  | { type: 'reopen' }
  | { type: 'close' };

/** @internal Messages back. `partial` carries answer text as it is written (an LLM streaming its answer). */
export type PoolReply =
  | { type: 'ready' }
  | { type: 'closed' }
  | { id: number; type: 'partial'; text: string }
  | { id: number; type: 'progress'; line: string }
  | { id: number; type: 'done'; value: unknown }
  | { id: number; type: 'failed'; message: string };

/**
 * Where answering and ingest run. Two implementations: `ThreadPool` (worker threads, for the Slack bot, whose main
 * thread must stay free to acknowledge within Slack's three seconds) and `InThread` (the terminal chat).
 */
export interface Runner {
  ask(question: string, options: AskOptions): Promise<AnsweredQuestion>;
  ingest(request: IngestRequest, onProgress: (line: string) => void): Promise<IngestResult>;
  remove(documentId: string): Promise<boolean>;
  /** The store changed: answer from it as it is now. */
  reopen(): Promise<void>;
  close(): Promise<void>;
}

/** Answer threads: one per core; the ingest thread is one more, so that a long PDF never holds up answers entirely. */
export function defaultAnswerThreads(): number {
  return Math.max(1, os.availableParallelism());
}

export class InThread implements Runner {
  private readonly answers: AnswerService;
  private readonly writer: IngestService;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(env: Env) {
    this.answers = new AnswerService(env);
    this.writer = new IngestService(env.NAMNDKOLL_DATA);
  }

  ask(question: string, options: AskOptions): Promise<AnsweredQuestion> {
    return this.answers.ask(question, options);
  }

  ingest(request: IngestRequest, onProgress: (line: string) => void): Promise<IngestResult> {
    return this.serially(() => this.writer.ingest(request, onProgress));
  }

  remove(documentId: string): Promise<boolean> {
    return this.serially(() => this.writer.remove(documentId));
  }

  reopen(): Promise<void> {
    return this.answers.reopen();
  }

  async close(): Promise<void> {
    await this.writes;
    await this.answers.close();
    this.writer.close();
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const job = this.writes.then(fn);
    this.writes = job.catch(() => undefined);
    return job;
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  onEvent?: (text: string) => void;
}

interface Thread {
  role: PoolRole;
  worker: Worker;
  pending: Map<number, Pending>;
  /** Stopped and not replaced: what is sent to it fails at once. */
  dead: boolean;
}

export class ThreadPool implements Runner {
  private readonly answerThreads: Thread[];
  private ingestThread: Thread;
  private nextId = 1;
  private closing = false;

  constructor(
    private readonly env: Env,
    answerThreads = defaultAnswerThreads(),
  ) {
    this.answerThreads = Array.from({ length: answerThreads }, () => this.spawn('answer'));
    this.ingestThread = this.spawn('ingest');
  }

  async ask(question: string, options: AskOptions): Promise<AnsweredQuestion> {
    const { onPartial, ...rest } = options;
    // The thread with the fewest questions in hand: a long answer does not hold up those behind it elsewhere.
    const thread = this.answerThreads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    const value = (await this.send(thread, { type: 'ask', id, question, options: rest, partial: Boolean(onPartial) }, onPartial)) as AnsweredQuestion;
    return value;
  }

  async ingest(request: IngestRequest, onProgress: (line: string) => void): Promise<IngestResult> {
    return (await this.send(this.ingestThread, { type: 'ingest', id: this.nextId++, request }, onProgress)) as IngestResult;
  }

  async remove(documentId: string): Promise<boolean> {
    return (await this.send(this.ingestThread, { type: 'remove', id: this.nextId++, documentId })) as boolean;
  }

  async reopen(): Promise<void> {
    for (const t of this.answerThreads) t.worker.postMessage({ type: 'reopen' } satisfies PoolRequest);
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      [...this.answerThreads, this.ingestThread].map(async (t) => {
        const closed = new Promise<void>((resolve) => {
          t.worker.on('message', (m: PoolReply) => m.type === 'closed' && resolve());
          t.worker.once('exit', () => resolve());
        });
        t.worker.postMessage({ type: 'close' } satisfies PoolRequest);
        await Promise.race([closed, new Promise((r) => setTimeout(r, 5000).unref())]);
        await t.worker.terminate();
      }),
    );
  }

  private send(thread: Thread, req: PoolRequest & { id: number }, onEvent?: (text: string) => void): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (thread.dead) return reject(new Error(`the ${thread.role} thread could not be started`));
      thread.pending.set(req.id, { resolve, reject, onEvent });
      thread.worker.postMessage(req);
    });
  }

  private spawn(role: PoolRole): Thread {
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { env: this.env, role } });
    const thread: Thread = { role, worker, pending: new Map(), dead: false };
    let ready = false;
    worker.on('message', (m: PoolReply) => {
      if (m.type === 'ready') ready = true;
      if (!('id' in m)) return;
      const p = thread.pending.get(m.id);
      if (!p) return;
      if (m.type === 'partial') p.onEvent?.(m.text);
      else if (m.type === 'progress') p.onEvent?.(m.line);
      else {
        thread.pending.delete(m.id);
        if (m.type === 'done') p.resolve(m.value);
        else p.reject(new Error(m.message));
      }
    });
    worker.on('error', (err) => logger.error({ err, role }, 'pool thread failed'));
    worker.on('exit', (code) => {
      thread.dead = true;
      for (const p of thread.pending.values()) p.reject(new Error(`the ${role} thread stopped (exit code ${code})`));
      thread.pending.clear();
      // A thread that never started would fail again: no endless respawning (the error is logged above).
      if (this.closing || !ready) return;
      // A thread that died (out of memory on a hostile PDF, say) is replaced; what it had in hand has failed.
      const fresh = this.spawn(role);
      if (role === 'ingest') this.ingestThread = fresh;
      else this.answerThreads[this.answerThreads.indexOf(thread)] = fresh;
    });
    worker.unref();
    return thread;
  }
}
