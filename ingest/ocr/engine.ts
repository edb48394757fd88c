import { createRequire } from 'node:module';
import { createScheduler, createWorker, OEM, PSM, type Scheduler } from 'tesseract.js';
import { OCR_DPI } from './raster.ts';
import { OCR_LANGS, ensureTessdata, tessdataFingerprint } from './tessdata.ts';
import type { OcrLine, OcrRawPage } from './words.ts';

/** Sparse text: finds table cells that automatic page segmentation drops (number recall 0.85 against 0.69–0.74). */
const PAGE_SEG_MODE = PSM.SPARSE_TEXT;
/**
 * Off: tesseract would read every line it is unsure of a second time inverted, in case it is light text on dark;
 * preparePage already turns the shaded bands' light text dark (word recall on the Enköping scan 0.986 either way).
 */
const INVERT = '0';

const tesseractVersion = (createRequire(import.meta.url)('tesseract.js/package.json') as { version: string }).version;

/** Identifies everything that decides the raw OCR output, for keying cached results. */
export function engineFingerprint(): string {
  return `tesseract.js@${tesseractVersion};${OCR_LANGS.join('+')};${tessdataFingerprint()};psm${PAGE_SEG_MODE};invert${INVERT};${OCR_DPI}dpi`;
}

/** A pool of tesseract.js workers (one per core by default), reused across pages and documents' pages. */
export class OcrPool {
  private constructor(private readonly scheduler: Scheduler) {}

  static async start(workers: number, cacheRoot: string): Promise<OcrPool> {
    const langPath = ensureTessdata(cacheRoot);
    const scheduler = createScheduler();
    try {
      const created = await Promise.all(
        Array.from({ length: workers }, async () => {
          // cacheMethod 'none': the gzipped files are read from langPath every time, never written elsewhere.
          const w = await createWorker([...OCR_LANGS], OEM.LSTM_ONLY, { langPath, cacheMethod: 'none', gzip: true });
          await w.setParameters({ tessedit_pageseg_mode: PAGE_SEG_MODE, user_defined_dpi: String(OCR_DPI), tessedit_do_invert: INVERT });
          return w;
        }),
      );
      for (const w of created) scheduler.addWorker(w);
    } catch (err) {
      await scheduler.terminate().catch(() => undefined);
      throw new Error(`cannot start OCR: ${err instanceof Error ? err.message : String(err)}`);
    }
    return new OcrPool(scheduler);
  }

  /** Recognises one page image; resolves to its lines and words in raster pixels. */
  async recognize(image: Buffer, widthPx: number, heightPx: number, scale: number, psm?: PSM): Promise<OcrRawPage> {
    // A page segmentation mode given here holds for this call only (tesseract.js restores the parameters after it).
    const options = psm ? ({ tessedit_pageseg_mode: psm } as Record<string, string>) : {};
    const result = await this.scheduler.addJob('recognize', image, options, { blocks: true, text: false });
    const lines: OcrLine[] = [];
    for (const block of result.data.blocks ?? []) {
      for (const par of block.paragraphs) {
        for (const line of par.lines) {
          const b = line.baseline;
          lines.push({
            baseline: [b.x0, b.y0, b.x1, b.y1],
            rowHeight: line.rowAttributes.rowHeight,
            words: line.words.map((w) => ({ text: w.text, x0: w.bbox.x0, y0: w.bbox.y0, x1: w.bbox.x1, y1: w.bbox.y1, conf: w.confidence })),
          });
        }
      }
    }
    return { widthPx, heightPx, scale, lines };
  }

  async close(): Promise<void> {
    await this.scheduler.terminate();
  }
}
