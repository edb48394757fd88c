import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { loadEnv } from '../src/config/env.ts';
import type { ParsedDocument } from '../src/model/document.ts';
import type { ParseOptions } from './parse.ts';
import { IngestError } from './pdf/errors.ts';

/*
 * Parsing several PDFs at once, one file per worker thread. pdf.js runs in the thread that calls it (on Node its
 * "worker" is a loopback in the same thread), so a file's parse is single-threaded and files are what can be spread
 * over cores. Documents come back as structured clones of plain JSON (ParsedDocument).
 *
 * OCR: a file whose pages need OCR is OCR'd by the thread parsing it, with its own tesseract pool. So that threads
 * OCRing at the same time do not run more tesseract workers than OCR_WORKERS in all, each thread's pool gets
 * OCR_WORKERS / threads of them (at least one). A lone scan among text files is then OCR'd with fewer workers than
 * it would be alone, while the other threads go on with the text files.
 */

export type ParseEvent = Parameters<NonNullable<ParseOptions['onProgress']>>[0];
type JobOptions = Pick<ParseOptions, 'ignoreTags' | 'noOcr'>;

/** @internal Messages between the pool and its threads (parallel-thread.ts). */
export interface ThreadRequest {
  id: number;
  file: string;
  options: JobOptions;
  progress: boolean;
}
/** @internal */
export type ThreadReply =
  | { id: number; type: 'progress'; event: ParseEvent }
  | { id: number; type: 'done'; doc: ParsedDocument }
  | { id: number; type: 'failed'; error: SentError };
interface SentError {
  name: string;
  message: string;
  stack: string | null;
  ingest: { file: string; problem: string; page: number | null } | null;
}

/** Threads to parse `files` files in: one per core, no more than files; 0 (this thread) when that would be one. */
export function defaultThreads(files: number): number {
  const n = Math.min(os.availableParallelism(), files);
  return n > 1 ? n : 0;
}

/** A file handed to the pool: its document (or error), and its progress events, kept until someone listens. */
export class ParseJob {
  readonly result: Promise<ParsedDocument>;
  private settle!: { resolve: (doc: ParsedDocument) => void; reject: (err: Error) => void };
  private listener: ((event: ParseEvent) => void) | null = null;
  private readonly early: ParseEvent[] = [];
  /** Set when the job has been given to a thread; null while queued. */
  started = false;
  cancelled = false;

  constructor(
    readonly file: string,
    readonly options: JobOptions,
    private readonly onCancel: (job: ParseJob) => void,
  ) {
    this.result = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    // A job nobody awaits (cancelled, or parsed ahead for a batch that stopped) must not be an unhandled rejection.
    this.result.catch(() => undefined);
  }

  /** Receives the job's progress events, first those sent before this call. */
  listen(onProgress: (event: ParseEvent) => void): this {
    this.listener = onProgress;
    for (const e of this.early.splice(0)) onProgress(e);
    return this;
  }

  /** Drops a job not started yet; a started one runs on, and its result is ignored. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.onCancel(this);
    this.settle.reject(new Error(`${this.file}: parse cancelled`));
  }

  /** @internal */
  progress(event: ParseEvent): void {
    if (this.listener) this.listener(event);
    else this.early.push(event);
  }
  /** @internal */
  resolve(doc: ParsedDocument): void {
    this.settle.resolve(doc);
  }
  /** @internal */
  reject(err: Error): void {
    this.settle.reject(err);
  }
}

interface Thread {
  worker: Worker;
  job: { id: number; job: ParseJob } | null;
}

/**
 * Worker threads that parse PDFs, one file per thread at a time, in the order the files were given. Threads start
 * when the first file arrives (each loads tsx, pdf.js and the parser: about a second) and stay until `close`. With
 * `threads: 0` files are parsed in this thread, one at a time.
 */
export class ParserPool {
  readonly threads: number;
  private readonly queue: ParseJob[] = [];
  private readonly idle: Thread[] = [];
  private readonly all = new Set<Thread>();
  private nextId = 1;
  private closed = false;
  private inThread: Promise<unknown> = Promise.resolve();

  constructor(options: { threads: number }) {
    this.threads = Math.max(0, Math.floor(options.threads));
  }

  /** Queues a file; the job's result is its document, or its error (an IngestError for bad input). */
  parse(file: string, options: JobOptions = {}): ParseJob {
    if (this.closed) throw new Error('the parser pool is closed');
    const job = new ParseJob(file, { ignoreTags: options.ignoreTags, noOcr: options.noOcr }, (j) => {
      const at = this.queue.indexOf(j);
      if (at >= 0) this.queue.splice(at, 1);
    });
    if (this.threads === 0) this.runHere(job);
    else {
      this.queue.push(job);
      this.dispatch();
    }
    return job;
  }

  /** Stops the threads; jobs not finished are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error(`${job.file}: the parser pool was closed`));
    const threads = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    for (const t of threads) t.job?.job.reject(new Error(`${t.job.job.file}: the parser pool was closed`));
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  private runHere(job: ParseJob): void {
    this.inThread = this.inThread.then(async () => {
      if (job.cancelled || this.closed) return;
      job.started = true;
      try {
        const { parsePdf } = await import('./parse.ts');
        job.resolve(await parsePdf(job.file, { ...job.options, onProgress: (e) => job.progress(e) }));
      } catch (err) {
        job.reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private dispatch(): void {
    while (this.queue.length && !this.closed) {
      const thread = this.idle.pop() ?? (this.all.size < this.threads ? this.spawn() : null);
      if (!thread) return;
      const job = this.queue.shift()!;
      const id = this.nextId++;
      thread.job = { id, job };
      job.started = true;
      const req: ThreadRequest = { id, file: job.file, options: job.options, progress: true };
      thread.worker.postMessage(req);
    }
  }

  private spawn(): Thread {
    const ocrWorkers = Math.max(1, Math.floor(loadEnv().OCR_WORKERS / this.threads));
    const worker = new Worker(new URL('./parallel-worker.mjs', import.meta.url), {
      env: { ...process.env, OCR_WORKERS: String(ocrWorkers) },
    });
    const thread: Thread = { worker, job: null };
    this.all.add(thread);
    worker.on('message', (reply: ThreadReply) => {
      const current = thread.job;
      if (!current || current.id !== reply.id) return;
      if (reply.type === 'progress') {
        current.job.progress(reply.event);
        return;
      }
      if (reply.type === 'done') current.job.resolve(reply.doc);
      else current.job.reject(revive(reply.error));
      thread.job = null;
      this.idle.push(thread);
      this.dispatch();
    });
    const lost = (why: string) => {
      if (!this.all.delete(thread)) return;
      const at = this.idle.indexOf(thread);
      if (at >= 0) this.idle.splice(at, 1);
      thread.job?.job.reject(new Error(`${thread.job.job.file}: the parser thread stopped (${why})`));
      thread.job = null;
      this.dispatch();
    };
    worker.on('error', (err) => lost(err.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    return thread;
  }
}

/** The thread's error as this thread's: an IngestError stays one, and the stack is kept. */
function revive(sent: SentError): Error {
  const err = sent.ingest ? new IngestError(sent.ingest.file, sent.ingest.problem, sent.ingest.page) : new Error(sent.message);
  if (!sent.ingest) err.name = sent.name;
  if (sent.stack) err.stack = sent.stack;
  return err;
}

export interface ParseManyOptions extends JobOptions {
  /** Worker threads; `defaultThreads(files.length)` by default. 0 parses in this thread. */
  threads?: number;
  onProgress?: (file: string, event: ParseEvent) => void;
}

export type ParseManyResult = { file: string; doc: ParsedDocument; error: null } | { file: string; doc: null; error: Error };

/** Parses `files` in parallel; one result per file, in the given order. A file that fails does not stop the others. */
export async function parseMany(files: string[], options: ParseManyOptions = {}): Promise<ParseManyResult[]> {
  const pool = new ParserPool({ threads: options.threads ?? defaultThreads(files.length) });
  try {
    const jobs = files.map((file) => {
      const job = pool.parse(file, options);
      if (options.onProgress) job.listen((e) => options.onProgress!(file, e));
      return job;
    });
    return await Promise.all(
      jobs.map((job) =>
        job.result.then(
          (doc): ParseManyResult => ({ file: job.file, doc, error: null }),
          (error: Error): ParseManyResult => ({ file: job.file, doc: null, error }),
        ),
      ),
    );
  } finally {
    await pool.close();
  }
}
