import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { defaultThreads, ParserPool, type ParseEvent, type ParseJob } from '../../ingest/parallel.ts';
import { IngestError } from '../../ingest/pdf/errors.ts';
import { logger } from '../log/logger.ts';
import type { ParsedDocument } from '../model/document.ts';
import type { SaveOutcome } from '../model/store.ts';
import { describeFailedPages } from './documents/failed-pages.ts';
import type { DocumentStore } from './documents/store.ts';
import type { DocumentIndexer } from './indexer.ts';

/** The sample PDFs shipped with the project, for a first run without a corpus of one's own. */
export const SAMPLE_PDF_DIR = path.resolve(import.meta.dirname, '../../samples/pdf');

export interface BatchOptions {
  store: DocumentStore;
  /** The vector index; written in the same transaction as each document. */
  indexer?: DocumentIndexer;
  noOcr?: boolean;
  /** Re-parse and replace files whose content is already stored. */
  force?: boolean;
  /** Aborting stops the batch before the next file; the file in hand is not stored. */
  signal?: AbortSignal;
  /** Where the human progress lines go (stderr by default). */
  write?: (line: string) => void;
  /** Which files get a line: all (default), or only those that failed or lost pages (a progress bar shows the rest). */
  fileLines?: 'all' | 'problems';
  /** Called after each file, with whether it was parsed (not skipped as unchanged or failed before parsing). */
  onFile?: (result: FileResult, parsed: boolean) => void;
}

export interface FileResult {
  file: string;
  id: string | null;
  status: SaveOutcome | 'failed' | 'interrupted';
  pages: number;
  tables: number;
  figures: number;
  failedPages: { page: number; problem: string }[];
  error: string | null;
}

export interface BatchResult {
  files: FileResult[];
  added: number;
  replaced: number;
  unchanged: number;
  failed: number;
  interrupted: boolean;
}

class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

/**
 * Parses and stores every PDF under `paths` (files, or folders searched recursively for `*.pdf`), one document
 * per transaction: a file that fails leaves the store as it was and the batch goes on. Writes one progress line
 * per file and a summary.
 */
export async function ingestBatch(paths: string[], options: BatchOptions): Promise<BatchResult> {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { files, problems } = await collectPdfs(paths);
  const results: FileResult[] = problems.map((p) => failed(p.path, null, p.problem));
  for (const p of problems) write(`${p.path}: ${p.problem}`);

  const seen = new Map<string, string>();
  let interrupted = false;
  const ahead = new ParseAhead(files, options);
  try {
    for (const [i, file] of files.entries()) {
      const prefix = `[${i + 1}/${files.length}] ${file} …`;
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      ahead.advance(i);
      const result = await ingestFile(file, options, (line) => write(`${prefix} ${line}`), ahead);
      ahead.done(file);
      if (result.status === 'interrupted') {
        interrupted = true;
        write(`${prefix} interrupted, not stored`);
        break;
      }
      const earlier = result.id !== null && result.status === 'replaced' ? seen.get(result.id) : undefined;
      const duplicate = earlier ? ` (same id as ${earlier}, earlier in this batch, which it replaced)` : '';
      if (result.id !== null && result.status !== 'failed') seen.set(result.id, file);
      const problem = result.status === 'failed' || result.failedPages.length > 0;
      if (options.fileLines !== 'problems' || problem || duplicate) write(`${prefix} ${describe(result)}${duplicate}`);
      results.push(result);
      options.onFile?.(result, result.status === 'added' || result.status === 'replaced');
    }
  } finally {
    await ahead.close();
  }

  const count = (s: FileResult['status']) => results.filter((r) => r.status === s).length;
  const summary: BatchResult = {
    files: results,
    added: count('added'),
    replaced: count('replaced'),
    unchanged: count('unchanged'),
    failed: count('failed'),
    interrupted,
  };
  const failedNames = results.filter((r) => r.status === 'failed').map((r) => path.basename(r.file));
  write(
    `${interrupted ? 'interrupted after' : 'done:'} ${results.length} file${results.length === 1 ? '' : 's'}: ` +
      `${summary.added} added, ${summary.replaced} replaced, ${summary.unchanged} unchanged, ${summary.failed} failed` +
      (failedNames.length ? ` (${failedNames.join(', ')})` : ''),
  );
  logger.debug({ ...summary, files: undefined, dataDir: options.store.dataDir }, 'ingest finished');
  return summary;
}

async function ingestFile(file: string, options: BatchOptions, progress: (line: string) => void, ahead: ParseAhead): Promise<FileResult> {
  const { store, indexer, signal } = options;
  const id = idOf(file);
  try {
    // The content hash decides before parsing: an unchanged file costs one read, not a parse (or an OCR run).
    const sha256 = await ahead.hash(file);
    const stored = store.storedHash(id);
    if (stored === sha256 && !options.force) {
      const summary = store.summary(id);
      return {
        file,
        id,
        status: 'unchanged',
        pages: summary?.pageCount ?? 0,
        tables: summary?.tables ?? 0,
        figures: summary?.figures ?? 0,
        failedPages: summary?.failedPages ?? [],
        error: null,
      };
    }

    let ocrAnnounced = false;
    const doc = await ahead.parse(file, (e) => {
      if (e.stage === 'ocr' && !ocrAnnounced) {
        ocrAnnounced = true;
        progress(`OCR of ${e.total} page${e.total === 1 ? '' : 's'}`);
      }
    });
    if (signal?.aborted) throw new Interrupted();
    // Embedded before the transaction opens: the write lock is held for writing only.
    const prepared = indexer?.prepare && indexer.write ? await indexer.prepare(doc) : null;
    if (signal?.aborted) throw new Interrupted();

    const outcome = await store.transaction(async () => {
      const outcome = store.save(doc, { sourcePath: file, force: options.force });
      if (outcome !== 'unchanged' && indexer) {
        // VECTOR INDEX: the one call site. Runs inside this document's transaction; if it throws, the document
        // is not stored either. It replaces the document's earlier chunks itself (Qdrant: new ones written first).
        if (prepared && indexer.write) await indexer.write(prepared);
        else await indexer.indexDocument(doc);
      }
      if (signal?.aborted) throw new Interrupted();
      return outcome;
    });
    logger.debug({ file, id: doc.document.id, outcome, pages: doc.pages.length, tables: doc.tables.length }, 'document stored');
    return resultOf(file, doc, outcome);
  } catch (err) {
    if (err instanceof Interrupted) return { ...failed(file, id, 'interrupted'), status: 'interrupted' };
    if (err instanceof IngestError) {
      logger.debug({ file, err }, 'bad input');
      return failed(file, id, problemOf(err));
    }
    // Not the file's fault as far as we know (a parser stage or the store threw): keep the stack for whoever fixes it.
    logger.error({ file, err }, 'ingest failed');
    return failed(file, id, `cannot be ingested: ${err instanceof Error ? err.message : String(err)}`);
  }
}

const idOf = (file: string) => path.basename(file).replace(/\.pdf$/i, '');

/**
 * Parses files in worker threads (ingest/parallel.ts) ahead of the one being stored, so that parsing the next files
 * overlaps storing and indexing this one. Which files are parsed, stored or left unchanged, and in what order, is
 * still decided file by file when each file's turn comes; a parse started ahead for a file that turns out unchanged
 * is dropped. Progress events of a file parsed ahead are held until its turn. One file: parsed in this thread.
 */
class ParseAhead {
  private readonly pool: ParserPool;
  private readonly jobs = new Map<string, ParseJob>();
  /** Files whose turn has come: never parsed ahead again. */
  private readonly reached = new Set<string>();
  private readonly hashes = new Map<string, Promise<string>>();

  constructor(
    private readonly files: string[],
    private readonly options: BatchOptions,
  ) {
    this.pool = new ParserPool({ threads: defaultThreads(files.length) });
  }

  /** The file's content hash, read once for the batch. */
  hash(file: string): Promise<string> {
    let h = this.hashes.get(file);
    if (!h) {
      h = readFile(file).then(
        (bytes) => createHash('sha256').update(bytes).digest('hex'),
        (err: NodeJS.ErrnoException) => {
          throw new IngestError(path.basename(file), `cannot read the file (${err.code ?? err.message})`);
        },
      );
      h.catch(() => undefined);
      this.hashes.set(file, h);
    }
    return h;
  }

  /** The turn of file `i` has come: keeps the threads busy with it and the files after it that will need parsing. */
  advance(i: number): void {
    const ahead = this.files.slice(i, this.pool.threads ? i + this.pool.threads + 1 : i);
    void (async () => {
      for (const file of ahead) {
        const sha = await this.hash(file).catch(() => null);
        if (sha === null || this.reached.has(file) || this.jobs.has(file)) continue;
        if (!this.options.force && this.options.store.storedHash(idOf(file)) === sha) continue;
        this.jobs.set(file, this.pool.parse(file, { noOcr: this.options.noOcr }));
      }
    })().catch((err: unknown) => logger.debug({ err }, 'parsing ahead stopped'));
  }

  /** The file's document: from the parse started ahead, or from one started now. */
  parse(file: string, onProgress: (e: ParseEvent) => void): Promise<ParsedDocument> {
    this.reached.add(file);
    const job = this.jobs.get(file) ?? this.pool.parse(file, { noOcr: this.options.noOcr });
    this.jobs.delete(file);
    return job.listen(onProgress).result;
  }

  /** The file's turn is over: a parse started ahead and not used is dropped. */
  done(file: string): void {
    this.reached.add(file);
    this.jobs.get(file)?.cancel();
    this.jobs.delete(file);
    this.hashes.delete(file);
  }

  async close(): Promise<void> {
    for (const job of this.jobs.values()) job.cancel();
    this.jobs.clear();
    await this.pool.close();
  }
}

function problemOf(err: IngestError): string {
  return err.page ? `page ${err.page}: ${err.problem}` : err.problem;
}

function resultOf(file: string, doc: ParsedDocument, status: SaveOutcome): FileResult {
  return {
    file,
    id: doc.document.id,
    status,
    pages: doc.document.pageCount,
    tables: doc.tables.length,
    figures: doc.figures.length,
    failedPages: doc.pages.filter((p) => p.status === 'failed').map((p) => ({ page: p.number, problem: p.problem ?? '' })),
    error: null,
  };
}

function failed(file: string, id: string | null, problem: string): FileResult {
  return { file, id, status: 'failed', pages: 0, tables: 0, figures: 0, failedPages: [], error: problem };
}

function describe(r: FileResult): string {
  if (r.status === 'failed') return `failed: ${r.error}`;
  const counts = `${r.pages} page${r.pages === 1 ? '' : 's'}, ${r.tables} table${r.tables === 1 ? '' : 's'}`;
  const pageProblems = describeFailedPages(r.failedPages).map((line) => `; ${line}`).join('');
  return `${r.status} (${counts}${pageProblems})`;
}

/**
 * The PDF files named by `paths`: files as given (whatever their extension, so that a mislabelled file is
 * reported rather than skipped), folders searched recursively for `*.pdf`, each file once, in order.
 */
export async function collectPdfs(paths: string[]): Promise<{ files: string[]; problems: { path: string; problem: string }[] }> {
  const files: string[] = [];
  const problems: { path: string; problem: string }[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    const key = path.resolve(f);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(f);
    }
  };
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      problems.push({ path: p, problem: code === 'ENOENT' ? 'no such file or folder' : `cannot be read (${code ?? String(err)})` });
      continue;
    }
    if (info.isDirectory()) {
      const found = await walk(p);
      if (!found.length) problems.push({ path: p, problem: 'the folder holds no PDF files' });
      found.forEach(add);
    } else add(p);
  }
  return { files, problems };
}

async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (e.isFile() && /\.pdf$/i.test(e.name)) out.push(full);
  }
  return out;
}
