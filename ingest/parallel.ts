import './pdf/natives.ts'; // before anything loads pdf.js, so that parsing in this thread gets the natives back too
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ParsedDocument } from '../src/model/document.ts';
import type { ParseOptions } from './parse.ts';
import { IngestError } from './pdf/errors.ts';

/*
 * Parsing several PDFs at once, one file per worker thread. pdf.js runs in the thread that calls it (on Node its
 * "worker" is a loopback in the same thread), so a file's parse is single-threaded and files are what can be spread
 * over cores. Documents come back as structured clones of plain JSON (ParsedDocument).
 *
 * OCR: OCR runs its own pool of OCR_WORKERS tesseract workers (one per core by default). So that threads do not
 * each start one, files needing OCR go through one at a time: a thread first parses each file without OCR; a file
 * with pages that need it (see `hasPagesForOcr`) is then parsed again, with OCR, when no other file is being OCR'd,
 * by whichever thread is free, while the other threads go on with text files. The second parse costs a scan's text
 * layer (little) against minutes of OCR; a scan's 'read' events are sent once, from the first parse.
 */

export type ParseEvent = Parameters<NonNullable<ParseOptions['onProgress']>>[0];
type JobOptions = Pick<ParseOptions, 'ignoreTags' | 'noOcr'>;

/**
 * @internal Messages between the pool and its threads (parallel-thread.ts). `ocr`: 'off' parses without OCR, 'ask'
 * without OCR but answers 'needs-ocr' instead of a document with pages for OCR, 'run' with OCR.
 */
export interface ThreadRequest {
  id: number;
  file: string;
  ignoreTags: boolean;
  ocr: 'off' | 'ask' | 'run';
}
/** @internal */
export type ThreadReply =
  | { id: 0; type: 'ready' }
  | { id: number; type: 'progress'; event: ParseEvent }
  | { id: number; type: 'done'; doc: ParsedDocument }
  | { id: number; type: 'needs-ocr' }
  | { id: number; type: 'failed'; error: SentError };
interface SentError {
  name: string;
  message: string;
  stack: string | null;
  ingest: { file: string; problem: string; page: number | null } | null;
}

/**
 * Whether a document parsed with `noOcr` has pages that OCR would read: parse.ts marks them failed, with no text
 * source, but with the page's size (a page that could not be read at all has none). test/parallel.test.ts holds
 * this to parse.ts on the scanned corpus file.
 */
export function hasPagesForOcr(doc: ParsedDocument): boolean {
  return doc.pages.some((p) => p.status === 'failed' && p.textSource === 'none' && p.width > 0);
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
  /** The job in hand; `ocr` when it holds the OCR slot. */
  job: { id: number; job: ParseJob; ocr: boolean } | null;
  /** Resolves when the thread has loaded the parser (or is gone). */
  ready: Promise<void>;
}

/**
 * Worker threads that parse PDFs, one file per thread at a time, in the order the files were given. Threads start
 * when the first file arrives (each loads tsx, pdf.js and the parser: about a second) and stay until `close`. With
 * `threads: 0` files are parsed in this thread, one at a time.
 */
export class ParserPool {
  readonly threads: number;
  private readonly queue: ParseJob[] = [];
  /** Files found to need OCR, waiting for the one OCR slot. */
  private readonly ocrQueue: ParseJob[] = [];
  private ocrBusy = false;
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
      for (const q of [this.queue, this.ocrQueue]) {
        const at = q.indexOf(j);
        if (at >= 0) q.splice(at, 1);
      }
    });
    if (this.threads === 0) this.runHere(job);
    else {
      this.queue.push(job);
      this.dispatch();
    }
    return job;
  }

  /**
   * Starts all the threads now rather than with the first files, and resolves when they have loaded the parser (for
   * measuring parsing apart from start-up). In this thread: loads the parser and pdf.js's worker code.
   */
  async start(): Promise<void> {
    if (this.threads === 0) {
      await import('./parse.ts');
      await (await import('./pdf/load.ts')).preparePdfjs();
      return;
    }
    while (this.all.size < this.threads) this.idle.push(this.spawn());
    await Promise.all([...this.all].map((t) => t.ready));
  }

  /** Stops the threads; jobs not finished are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of [...this.queue.splice(0), ...this.ocrQueue.splice(0)]) job.reject(new Error(`${job.file}: the parser pool was closed`));
    const threads = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    for (const t of threads) t.job?.job.reject(new Error(`${t.job.job.file}: the parser pool was closed`));
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  private runHere(job: ParseJob): void {
    this.inThread = this.inThread.then(async () => {
      if (job.cancelled || this.closed) return;
      try {
        const { parsePdf } = await import('./parse.ts');
        job.resolve(await parsePdf(job.file, { ...job.options, onProgress: (e) => job.progress(e) }));
      } catch (err) {
        job.reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private dispatch(): void {
    while (!this.closed && (this.queue.length || (this.ocrQueue.length && !this.ocrBusy))) {
      const thread = this.idle.pop() ?? (this.all.size < this.threads ? this.spawn() : null);
      if (!thread) return;
      // The file waiting for OCR first: it is likely the one the caller is waiting for.
      const ocr = this.ocrQueue.length > 0 && !this.ocrBusy;
      const job = ocr ? this.ocrQueue.shift()! : this.queue.shift()!;
      if (ocr) this.ocrBusy = true;
      const id = this.nextId++;
      thread.job = { id, job, ocr };
      const req: ThreadRequest = { id, file: job.file, ignoreTags: Boolean(job.options.ignoreTags), ocr: ocr ? 'run' : job.options.noOcr ? 'off' : 'ask' };
      thread.worker.postMessage(req);
    }
  }

  /** The thread is done with its job (or gone): frees the OCR slot if the job held it. */
  private release(thread: Thread): void {
    if (thread.job?.ocr) this.ocrBusy = false;
    thread.job = null;
  }

  private spawn(): Thread {
    const worker = new Worker(new URL('./parallel-worker.mjs', import.meta.url));
    let loaded!: () => void;
    const thread: Thread = { worker, job: null, ready: new Promise((resolve) => (loaded = resolve)) };
    this.all.add(thread);
    worker.on('exit', () => loaded());
    worker.on('message', (reply: ThreadReply) => {
      if (reply.type === 'ready') {
        loaded();
        return;
      }
      const current = thread.job;
      if (!current || current.id !== reply.id) return;
      if (reply.type === 'progress') {
        current.job.progress(reply.event);
        return;
      }
      if (reply.type === 'done') current.job.resolve(reply.doc);
      else if (reply.type === 'failed') current.job.reject(revive(reply.error));
      else if (!current.job.cancelled) this.ocrQueue.push(current.job);
      this.release(thread);
      this.idle.push(thread);
      this.dispatch();
    });
    const lost = (why: string) => {
      if (!this.all.delete(thread)) return;
      const at = this.idle.indexOf(thread);
      if (at >= 0) this.idle.splice(at, 1);
      thread.job?.job.reject(new Error(`${thread.job.job.file}: the parser thread stopped (${why})`));
      this.release(thread);
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
      return job.listen((e) => options.onProgress?.(file, e));
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
