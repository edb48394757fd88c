import { createCanvas, type Canvas } from '@napi-rs/canvas';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { preparePdfjs } from '../pdf/load.ts';

/** Rendering resolution for OCR; tesseract's LSTM models are trained on text of about this size. */
export const OCR_DPI = 300;

export interface Raster {
  /** The rendered page, kept as pixels: encoding and decoding a 300 dpi PNG cost more than rendering it. */
  canvas: Canvas;
  widthPx: number;
  heightPx: number;
  /** Pixels per PDF point. */
  scale: number;
}

/** Renders pages of one PDF with pdf.js onto canvases, one at a time, keeping the document open between pages. */
export class PageRasterizer {
  private doc: Promise<PDFDocumentProxy>;

  constructor(bytes: Uint8Array) {
    this.doc = preparePdfjs().then(
      () => pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false }).promise,
    );
    this.doc.catch(() => undefined);
  }

  async render(page: number): Promise<Raster> {
    const doc = await this.doc;
    if (!Number.isInteger(page) || page < 1 || page > doc.numPages) {
      throw new Error(`cannot render page ${page}: the PDF has ${doc.numPages} pages`);
    }
    const p = await doc.getPage(page);
    try {
      const viewport = p.getViewport({ scale: OCR_DPI / 72 });
      const widthPx = Math.round(viewport.width);
      const heightPx = Math.round(viewport.height);
      const canvas = createCanvas(widthPx, heightPx);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, widthPx, heightPx);
      // @napi-rs/canvas is the canvas pdf.js itself uses on Node; its types are not the DOM's.
      await p.render({ canvas, canvasContext: ctx, viewport } as unknown as Parameters<typeof p.render>[0]).promise;
      return { canvas, widthPx, heightPx, scale: viewport.scale };
    } finally {
      p.cleanup();
    }
  }

  async close(): Promise<void> {
    await (await this.doc.catch(() => null))?.destroy();
  }
}

/**
 * The canvas as an 8-bit grayscale PGM: tesseract reads grayscale, and its image reader (leptonica) takes PNM as
 * it is, where a PNG would be compressed here and inflated again in the worker.
 */
export function grayPnm(canvas: Canvas): Buffer {
  const { width, height } = canvas;
  const rgba = canvas.getContext('2d').getImageData(0, 0, width, height).data;
  const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'ascii');
  const out = Buffer.allocUnsafe(header.length + width * height);
  header.copy(out);
  for (let i = 0, o = header.length; i < rgba.length; i += 4, o++) {
    out[o] = (rgba[i]! * 77 + rgba[i + 1]! * 150 + rgba[i + 2]! * 29) >> 8;
  }
  return out;
}
