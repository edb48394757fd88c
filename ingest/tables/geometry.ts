import type { Line } from '../layout/lines.ts';
import type { PageContent, Rect, TextItem } from '../pdf/types.ts';
import { findBorderless } from './geometry/borderless.ts';
import { buildTable } from './geometry/build.ts';
import { ruledRegions } from './geometry/rules.ts';
import type { PageTable } from './types.ts';

/**
 * Tables of a page without table tags (untagged PDFs, OCR'd pages), from geometry alone: regions framed by
 * rules or cell fills first, then borderless runs of label-and-value lines in what is left.
 */
export function extractGeometryTables(page: PageContent, lines: Line[]): PageTable[] {
  const tables: PageTable[] = [];
  const inside = (it: TextItem, r: Rect, tol = 1) => {
    const x = it.x + Math.min(it.w / 2, 2);
    const y = it.baseline - 0.35 * it.fontSize;
    return x >= r.x - tol && x <= r.x + r.w + tol && y >= r.y - tol && y <= r.y + r.h + tol;
  };
  const regions = ruledRegions(page).sort((a, b) => a.bbox.y - b.bbox.y);
  const frames = regions.map((r) => r.bbox);
  for (const region of regions) {
    const items = page.items.filter((it) => inside(it, region.bbox));
    tables.push(...buildTable(page, items, region, lines, frames));
  }
  const taken = (l: Line) => tables.some((t) => l.items.some((it) => inside(it, t.bbox, 2)));
  const free = lines.filter((l) => !taken(l));
  const loose = findBorderless(free);
  const all = [...frames, ...loose.map((r) => r.bbox)];
  // Rules and fills over a borderless run (a header bar, rules between rows, zebra fills that touch nothing) mark its
  // rows; its columns still come from the text.
  const near = (y: number, r: Rect) => y >= r.y - 3 && y <= r.y + r.h + 3;
  for (const region of loose) {
    const items = region.lines.flatMap((l) => l.items);
    const b = region.bbox;
    const h = regions.flatMap((r) => r.h).filter((e) => near(e.y, b) && e.x1 > b.x && e.x0 < b.x + b.w);
    const fills = regions.flatMap((r) => r.fills).filter((f) => near(f.y + f.h / 2, b) && f.x + f.w > b.x && f.x < b.x + b.w);
    tables.push(...buildTable(page, items, { bbox: b, h, v: [], fills, headerBottom: region.headerBottom }, lines, all));
  }
  return tables.sort((a, b) => a.bbox.y - b.bbox.y);
}
