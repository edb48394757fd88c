import type { PageContent } from '../pdf/types.ts';

export interface OcrResult {
  page: number;
  content: PageContent | null;
  /** Mean word confidence 0–100. */
  confidence: number | null;
  error: string | null;
}

// STUB: to be replaced by the OCR path (rasterize, deskew, tesseract.js worker pool).
export function needsOcr(_page: PageContent): boolean {
  return false;
}

export async function ocrPages(_file: string, pages: number[], _onPage?: (page: number, total: number) => void): Promise<OcrResult[]> {
  return pages.map((page) => ({ page, content: null, confidence: null, error: 'OCR is not available' }));
}
