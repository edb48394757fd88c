import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadEnv } from '../../src/config/env.ts';
import { logger } from '../../src/log/logger.ts';
import type { PageContent } from '../pdf/types.ts';
import { PSM } from 'tesseract.js';
import { emptyCells, stackCells, unstackLines } from './cells.ts';
import { OcrPool, engineFingerprint } from './engine.ts';
import { PageRasterizer } from './raster.ts';
import { preparePage } from './prepare.ts';
import { splitBands } from './rules.ts';
import { harmoniseSpelling } from './spelling.ts';
import { type OcrRawPage, estimateSkew, meanConfidence, wordsToItems } from './words.ts';

export interface OcrResult {
  page: number;
  content: PageContent | null;
  /** Mean word confidence 0–100. */
  confidence: number | null;
  error: string | null;
}

export interface OcrOptions {
  /** Worker threads; OCR_WORKERS by default (2). */
  workers?: number;
  /** Where the language data is copied and OCR output is cached; `NAMNDKOLL_DATA/cache` by default. */
  cacheDir?: string;
  /** Reuse and store OCR output keyed by the PDF's content (default true). */
  useCache?: boolean;
  /** Filled with the milliseconds spent in each stage, summed over pages (stages overlap across workers). */
  stages?: OcrStageTimes;
}

export interface OcrStageTimes {
  /** Rendering the page at 300 dpi (pdf.js), on the calling thread. */
  raster: number;
  /** Skew, rules and bands, inverting bands (preparePage), on the calling thread. */
  prepare: number;
  /** tesseract on the page, in a worker: from the job's submission to its result, so it includes waiting for a free worker. */
  recognize: number;
  /** The second reading of empty table cells, in a worker. */
  cells: number;
}

/** Fewer non-space characters than this is "no text layer". */
const MIN_TEXT_CHARS = 20;
/** A scan: images cover at least this much of the page. */
const MIN_IMAGE_COVERAGE = 0.5;
/** Below this share of word-like tokens, a text layer over a scan is taken for garbage (a bad invisible OCR layer). */
const MIN_WORDLIKE_SHARE = 0.5;

/**
 * A page needs OCR when it is a scan (images cover most of it) and its text layer is missing or is not language.
 * Pages without images keep their text layer even when it is poor: there is nothing to OCR (the Årsberättelse's
 * `nimnden`, `f6r` layer is such a case, handled by folding when searching).
 */
export function needsOcr(page: PageContent): boolean {
  if (page.imageCoverage < MIN_IMAGE_COVERAGE) return false;
  const text = page.items.map((i) => i.str).join(' ');
  if (text.replace(/\s/g, '').length < MIN_TEXT_CHARS) return true;
  return wordlikeShare(text) < MIN_WORDLIKE_SHARE;
}

/** Share of tokens that look like words or numbers: letters with a vowel, or digits with separators. */
export function wordlikeShare(text: string): number {
  const tokens = text.split(/\s+/).map((t) => t.replace(/^[("'«»]+|[)"'«».,:;!?%]+$/g, '')).filter(Boolean);
  if (!tokens.length) return 0;
  const ok = tokens.filter((t) => /^[\p{L}-]*[aeiouyåäöéü][\p{L}-]*$/iu.test(t) || /^[-+−–]?\d[\d ,.:/–-]*$/.test(t));
  return ok.length / tokens.length;
}

/**
 * OCRs the given pages of a PDF with a pool of tesseract.js workers: each page is rendered at 300 dpi, read in
 * Swedish and English, deskewed from the fitted baselines, and returned as text items in PDF points. A page that
 * fails gets an error and no content; the others are still returned. `onPage(done, total)` reports progress.
 */
export async function ocrPages(
  file: string,
  pageNumbers: number[],
  onPage?: (page: number, total: number) => void,
  options: OcrOptions = {},
): Promise<OcrResult[]> {
  const env = loadEnv();
  const workers = options.workers ?? env.OCR_WORKERS;
  const cacheRoot = path.resolve(options.cacheDir ?? path.join(env.NAMNDKOLL_DATA, 'cache'));
  const useCache = options.useCache ?? true;
  const total = pageNumbers.length;
  let done = 0;
  const finished = (r: OcrResult): OcrResult => {
    done += 1;
    onPage?.(done, total);
    return r;
  };

  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const reason = `cannot read ${path.basename(file)} (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
    return pageNumbers.map((page) => finished(failed(page, reason)));
  }
  const sha = createHash('sha256').update(bytes).digest('hex');
  const cache = useCache ? new RawCache(path.join(cacheRoot, 'ocr', sha)) : null;

  const results = new Map<number, OcrResult>();
  const todo: number[] = [];
  for (const page of pageNumbers) {
    const hit = cache?.get(page);
    if (hit) results.set(page, finished(toResult(page, hit)));
    else todo.push(page);
  }

  if (todo.length) {
    let pool: OcrPool;
    try {
      pool = await OcrPool.start(Math.max(1, Math.min(workers, todo.length)), cacheRoot);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      for (const page of todo) results.set(page, finished(failed(page, reason)));
      return harmonised(pageNumbers.map((p) => results.get(p)!));
    }
    const raster = new PageRasterizer(bytes);
    try {
      const inFlight = new Set<Promise<void>>();
      for (const page of todo) {
        // Render one page ahead of the workers, not the whole document, to bound memory on long scans.
        while (inFlight.size > workers) await Promise.race(inFlight);
        let job: Promise<void>;
        const stages = options.stages;
        try {
          let t = performance.now();
          const img = await raster.render(page);
          if (stages) stages.raster += performance.now() - t;
          t = performance.now();
          const prepared = preparePage(img.canvas, img.scale);
          if (stages) stages.prepare += performance.now() - t;
          const submitted = performance.now();
          job = pool
            .recognize(prepared.pnm, img.widthPx, img.heightPx, img.scale)
            .then(async (raw) => {
              if (stages) stages.recognize += performance.now() - submitted;
              const t2 = performance.now();
              // Rules and shaded bands, for the table extractor, in the same straightened frame as the words.
              raw.shapes = prepared.shapes;
              raw.skew = prepared.skew;
              // Sparse-text OCR drops lone digits in table cells: read the ruled cells it left empty once more.
              const cells = emptyCells(prepared.shapes, raw);
              if (cells.length) {
                const stack = stackCells(prepared.canvas, cells);
                const again = await pool.recognize(stack.pnm, 0, 0, img.scale, PSM.SINGLE_BLOCK);
                raw.lines.push(...unstackLines(again.lines, stack.offsets));
              }
              if (stages) stages.cells += performance.now() - t2;
              cache?.put(page, raw);
              results.set(page, finished(toResult(page, raw)));
            })
            .catch((err: unknown) => {
              results.set(page, finished(failed(page, `OCR error: ${err instanceof Error ? err.message : String(err)}`)));
            });
        } catch (err) {
          results.set(page, finished(failed(page, err instanceof Error ? err.message : String(err))));
          continue;
        }
        const tracked: Promise<void> = job.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
      }
      await Promise.all(inFlight);
    } finally {
      await Promise.allSettled([raster.close(), pool.close()]);
    }
  }
  return harmonised(pageNumbers.map((p) => results.get(p)!));
}

/** The results with Swedish letters restored where the document itself shows the spelling (spelling.ts). */
function harmonised(results: OcrResult[]): OcrResult[] {
  const read = results.filter((r) => r.content);
  const fixed = harmoniseSpelling(read.map((r) => r.content!));
  return results.map((r) => (r.content ? { ...r, content: fixed[read.indexOf(r)]! } : r));
}

function toResult(page: number, raw: OcrRawPage): OcrResult {
  // The raster was straightened before OCR; what skew the baselines still show is rotated out of the boxes.
  const items = wordsToItems(raw, estimateSkew(raw.lines));
  if (!items.length) return failed(page, 'OCR found no text on the page');
  const content: PageContent = {
    number: page,
    width: raw.widthPx / raw.scale,
    height: raw.heightPx / raw.scale,
    items,
    shapes: splitBands(raw.shapes ?? [], items),
    imageCoverage: 1,
    struct: null,
  };
  return { page, content, confidence: meanConfidence(raw), error: null };
}

function failed(page: number, error: string): OcrResult {
  return { page, content: null, confidence: null, error };
}

/** Raw OCR output per page of one PDF (its directory is named by the file's sha256), per engine configuration. */
class RawCache {
  // The words depend on prepare.ts and cells.ts, the shapes stored beside them on rules.ts: their source is part of the key.
  private readonly key: string | null = RawCache.configKey();

  constructor(private readonly dir: string) {}

  /** Null (no caching) where the sources cannot be read, e.g. in a bundle: a cache that might be stale is worse than none. */
  private static configKey(): string | null {
    try {
      const hash = createHash('sha256').update(engineFingerprint());
      for (const f of ['./rules.ts', './prepare.ts', './cells.ts']) hash.update(readFileSync(new URL(f, import.meta.url)));
      return hash.digest('hex').slice(0, 16);
    } catch {
      return null;
    }
  }

  private file(page: number): string {
    return path.join(this.dir, `p${page}-${this.key}.json`);
  }

  get(page: number): OcrRawPage | null {
    if (!this.key) return null;
    try {
      return JSON.parse(readFileSync(this.file(page), 'utf8')) as OcrRawPage;
    } catch {
      return null;
    }
  }

  put(page: number, raw: OcrRawPage): void {
    if (!this.key) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${this.file(page)}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(raw));
      renameSync(tmp, this.file(page));
    } catch (err) {
      logger.warn({ err, page }, 'could not cache OCR output');
    }
  }
}
