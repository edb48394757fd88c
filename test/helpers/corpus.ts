// Loaded and parsed PDFs and ingested stores shared by the test files of one run (each file runs in its own process).
//
// Several files assert on the same corpus PDFs; each is loaded and parsed once per run instead of once per file that
// asks. The cache lives in the run's directory (test/global-setup.ts makes it and removes it afterwards), so
// every run still loads and parses each document it asserts on with loadPdf and parsePdf, on the code as it is.
// Entries are keyed by the PDF's bytes, the step and its options and the source of everything a parse runs (ingest/, src/model, src/config, src/log,
// the lock file): a parse is never served for other code or another file. Whichever process asks first parses; the
// others wait for it (a lock file per entry) and read its result.
import { createHash } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { inject } from 'vitest';
import { hasPagesForOcr } from '../../ingest/parallel.ts';
import { parsePdf, type ParseOptions } from '../../ingest/parse.ts';
import { loadPdf } from '../../ingest/pdf/load.ts';
import type { LoadedPdf } from '../../ingest/pdf/types.ts';
import type { ParsedDocument } from '../../src/model/document.ts';
import { corpusPdf } from './shared.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A directory for this run's shared parses and stores (test/global-setup.ts). */
    runCacheDir: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, '../..');
/** What a parse runs: a change to any of it gives new keys. */
const PARSE_SOURCES = ['ingest', 'src/model', 'src/config', 'src/log', 'package-lock.json'];

type CorpusOptions = Pick<ParseOptions, 'noOcr' | 'ignoreTags'>;

/** The run's cache directory, or null outside a vitest run with test/global-setup.ts (then nothing is shared). */
function runDir(): string | null {
  let dir: string | undefined;
  try {
    dir = inject('runCacheDir');
  } catch {
    dir = undefined;
  }
  return dir && existsSync(dir) ? dir : null;
}

let sourceHash: string | undefined;
function parseSourceHash(): string {
  if (sourceHash) return sourceHash;
  const hash = createHash('sha256');
  const add = (p: string) => {
    const full = path.join(ROOT, p);
    if (statSync(full).isDirectory()) {
      for (const e of readdirSync(full).sort()) add(path.join(p, e));
    } else {
      hash.update(`${p}\0`).update(readFileSync(full)).update('\0');
    }
  };
  for (const p of PARSE_SOURCES) add(p);
  return (sourceHash = hash.digest('hex'));
}

const memory = new Map<string, Promise<Buffer>>();

/** `compute()`'s value for `file` under `what`, once per run: memoized here, shared with other processes on disk. */
async function perFile<T>(file: string, what: object, compute: () => Promise<T>): Promise<T> {
  const key = createHash('sha256')
    .update(readFileSync(file))
    .update(JSON.stringify({ name: path.basename(file), ...what }))
    .update(parseSourceHash())
    .digest('hex')
    .slice(0, 32);
  let entry = memory.get(key);
  if (!entry) {
    entry = shared(key, async () => serialize(await compute()));
    memory.set(key, entry);
    entry.catch(() => memory.delete(key));
  }
  // Each call gets its own copy, as from a fresh parse.
  return deserialize(await entry) as T;
}

/**
 * The document `parsePdf(file, options)` gives, parsed once per run (by whichever test file asks first) and read
 * from the run's cache after that.
 */
export async function parsedFile(file: string, options: CorpusOptions = {}): Promise<ParsedDocument> {
  const opts = { noOcr: options.noOcr ?? false, ignoreTags: options.ignoreTags ?? false };
  if (!opts.noOcr) {
    // As ingest does (ingest/parallel.ts): a parse without OCR that leaves no page for OCR is the parse with OCR.
    const plain = await parsedFile(file, { ...opts, noOcr: true });
    if (!hasPagesForOcr(plain)) return plain;
  }
  return perFile(file, { step: 'parse', ...opts }, () => parsePdf(file, opts));
}

/** The pages `loadPdf(file)` gives (text items, shapes, structure tree), loaded once per run as `parsedFile` is. */
export function loadedFile(file: string): Promise<LoadedPdf> {
  return perFile(file, { step: 'load' }, () => loadPdf(file));
}

/** `parsedFile` of a corpus PDF by name (`corpus/pdf` or `corpus/pdf-untagged`). */
export function parsedCorpus(name: string, variant: 'pdf' | 'pdf-untagged' = 'pdf', options: CorpusOptions = {}): Promise<ParsedDocument> {
  return parsedFile(corpusPdf(name, variant), options);
}

/**
 * A data directory built once per run by `build(dir)` (an ingest, say), copied into `dest` for the caller, which may
 * write to its copy. `name` must say everything that decides what `build` makes.
 */
export async function copyOfStore(name: string, dest: string, build: (dir: string) => Promise<void>): Promise<string> {
  const root = runDir();
  if (!root) {
    await build(dest);
    return dest;
  }
  const built = path.join(root, 'stores', name);
  await shared(`store-${name}`, async () => {
    rmSync(built, { recursive: true, force: true });
    mkdirSync(built, { recursive: true });
    await build(built);
    return Buffer.from(built);
  });
  // The builder closed its store (so its WAL was checkpointed); the -wal and -shm files are copied along if present.
  cpSync(built, dest, { recursive: true });
  return dest;
}

/** The value of `compute` under `key`: computed here under a lock file, or read from the run's directory. */
async function shared(key: string, compute: () => Promise<Buffer>): Promise<Buffer> {
  const root = runDir();
  if (!root) return compute();
  const file = path.join(root, `${key}.bin`);
  const lock = `${file}.lock`;
  for (;;) {
    if (existsSync(file)) return readFileSync(file);
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (holderGone(lock)) rmSync(lock, { force: true });
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    try {
      writeSync(fd, String(process.pid));
      closeSync(fd);
      // Another process may have finished between our check and taking the lock.
      if (existsSync(file)) return readFileSync(file);
      const value = await compute();
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, value);
      renameSync(tmp, file);
      return value;
    } finally {
      rmSync(lock, { force: true });
    }
  }
}

/** Whether the process that took the lock has died without removing it. */
function holderGone(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, 'utf8'));
  } catch {
    return false;
  }
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
