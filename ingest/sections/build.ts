import type { Section } from '../../src/model/document.ts';
import type { Line } from '../layout/lines.ts';
import type { PageContent, Rect } from '../pdf/types.ts';

export interface Region {
  page: number;
  bbox: Rect;
}

// STUB: to be replaced by heading detection (tags, numbering, font) and section text assembly.
export function buildSections(_pages: PageContent[], _lines: Map<number, Line[]>, _tables: Region[]): Section[] {
  return [];
}
