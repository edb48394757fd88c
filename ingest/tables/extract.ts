import type { Line } from '../layout/lines.ts';
import type { PageContent } from '../pdf/types.ts';
import { extractGeometryTables } from './geometry.ts';
import { extractTaggedTables, hasTableTags } from './tagged.ts';
import type { PageTable } from './types.ts';

/**
 * Tables of one page: from the structure tree where the page is tagged with tables, else from geometry. When the
 * document tags its tables elsewhere, a page without Table tags has none: geometry there would only find prose
 * columns, fact boxes and tables of contents that the author did not mark as tables.
 */
export function extractPageTables(page: PageContent, lines: Line[], documentTagsTables: boolean): PageTable[] {
  if (page.struct && hasTableTags(page.struct)) return extractTaggedTables(page, lines);
  if (documentTagsTables && page.struct) return [];
  return extractGeometryTables(page, lines);
}

/** Whether any page of the document marks tables in its structure tree. */
export function documentTagsTables(pages: readonly PageContent[]): boolean {
  return pages.some((p) => p.struct !== null && hasTableTags(p.struct));
}
