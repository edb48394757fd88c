import type { Line } from '../layout/lines.ts';
import type { PageContent } from '../pdf/types.ts';
import { extractGeometryTables } from './geometry.ts';
import { extractTaggedTables, hasTableTags } from './tagged.ts';
import type { PageTable } from './types.ts';

/** Tables of one page: from the structure tree where the page is tagged with tables, else from geometry. */
export function extractPageTables(page: PageContent, lines: Line[]): PageTable[] {
  if (page.struct && hasTableTags(page.struct)) return extractTaggedTables(page, lines);
  return extractGeometryTables(page, lines);
}
