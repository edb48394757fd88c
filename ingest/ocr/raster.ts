import { PDFParse } from 'pdf-parse';

/** Rendering resolution for OCR; tesseract's LSTM models are trained on text of about this size. */
export const OCR_DPI = 300;

export interface Raster {
  png: Buffer;
  widthPx: number;
  heightPx: number;
  /** Pixels per PDF point. */
  scale: number;
}

/** Renders pages of one PDF to PNG, one at a time, keeping the document open between pages. */
export class PageRasterizer {
  private parser: PDFParse;
  private pageCount: number | null = null;

  constructor(bytes: Uint8Array) {
    this.parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
  }

  async render(page: number): Promise<Raster> {
    if (this.pageCount === null) this.pageCount = (await this.parser.getInfo()).total;
    if (!Number.isInteger(page) || page < 1 || page > this.pageCount) {
      throw new Error(`cannot render page ${page}: the PDF has ${this.pageCount} pages`);
    }
    const scale = OCR_DPI / 72;
    const shot = await this.parser.getScreenshot({ partial: [page], scale, imageBuffer: true, imageDataUrl: false });
    const p = shot.pages[0];
    if (!p || !p.data.length) throw new Error(`rendering page ${page} produced no image`);
    return { png: Buffer.from(p.data), widthPx: Math.round(p.width), heightPx: Math.round(p.height), scale: p.scale };
  }

  async close(): Promise<void> {
    await this.parser.destroy();
  }
}
