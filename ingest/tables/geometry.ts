import type { Line } from '../layout/lines.ts';
import type { PageContent } from '../pdf/types.ts';
import type { PageTable } from './types.ts';

// STUB: to be replaced by the geometry (untagged / OCR) table extraction.
export function extractGeometryTables(_page: PageContent, _lines: Line[]): PageTable[] {
  return [];
}
