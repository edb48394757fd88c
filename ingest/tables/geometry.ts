import type { Line } from '../layout/lines.ts';
import type { PageContent, Rect, TextItem } from '../pdf/types.ts';
import { findBorderless } from './geometry/borderless.ts';
import { buildTable } from './geometry/build.ts';
import { ruleStacks, ruledRegions, type RuledRegion } from './geometry/rules.ts';
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
  const regions = framesOf(page, lines).sort((a, b) => a.bbox.y - b.bbox.y);
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

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * The page's table frames: regions of touching rules and fills, and stacks of horizontal rules of one extent (a
 * table ruled between rows only, whose rules touch nothing). A stack replaces the regions inside it (its header
 * bar); a region with vertical rules inside (a grid) keeps its place.
 */
function framesOf(page: PageContent, lines: Line[]): RuledRegion[] {
  const regions = ruledRegions(page);
  // A header bar (one band of fills, drawn cell by cell, no rules) does not make a grid; other vertical edges do.
  const bar = (r: RuledRegion) =>
    r.fills.length > 0 &&
    r.fills.every((f) => Math.abs(f.y - r.bbox.y) < 1 && Math.abs(f.y + f.h - r.bbox.y - r.bbox.h) < 1) &&
    r.v.every((v) => r.fills.some((f) => Math.abs(f.x - v.x) < 0.5 || Math.abs(f.x + f.w - v.x) < 0.5));
  const gridded = (r: RuledRegion) => !bar(r) && r.v.some((v) => v.x > r.bbox.x + 3 && v.x < r.bbox.x + r.bbox.w - 3);
  const mid = (l: Line) => (l.top + l.bottom) / 2;
  const lineSize = (y0: number, y1: number) => {
    const sizes = lines.filter((l) => mid(l) > y0 && mid(l) < y1).map((l) => l.fontSize).sort((a, b) => a - b);
    return sizes[Math.floor(sizes.length / 2)] ?? 0;
  };
  const stacks = ruleStacks(page, lineSize)
    .filter((s) => !regions.some((r) => gridded(r) && overlaps(r.bbox, s.bbox)))
    .map((s) => withLastRow(s, lines));
  return [...regions.filter((r) => !stacks.some((s) => overlaps(s.bbox, r.bbox))), ...stacks];
}

/** A stack's frame taken down over the row under its last rule: a line right below it and the lines set close under that. */
function withLastRow(s: RuledRegion, lines: Line[]): RuledRegion {
  const { bbox } = s;
  const inX = (l: Line) => l.x0 >= bbox.x - 2 && l.x1 <= bbox.x + bbox.w + 2;
  const sorted = lines.filter(inX).sort((a, b) => a.top - b.top);
  let y1 = bbox.y + bbox.h;
  const first = sorted.find((l) => l.top >= y1 - 1);
  if (!first || first.top - y1 > 1.2 * first.fontSize) return s;
  let last = first;
  for (const l of sorted.filter((l) => l.top > first.top)) {
    if (l.top - last.bottom > 0.6 * l.fontSize || Math.abs(l.fontSize - first.fontSize) > 0.1 * first.fontSize) break;
    last = l;
  }
  y1 = last.bottom + 1;
  return { ...s, bbox: { ...bbox, h: y1 - bbox.y } };
}
