import { buildLines, type Line } from '../../layout/lines.ts';
import type { PageContent, Rect, TextItem } from '../../pdf/types.ts';
import { classifyRows } from '../rowkinds.ts';
import type { PageTable } from '../types.ts';
import { clusterPositions, type Fill, type HRule, type VRule } from './rules.ts';
import { buildUnruled } from './unruled.ts';
import { cellText, isValue, pageWords, unitOf, type PageWords } from './text.ts';

/** What a table is cut from: its area, the rules and fills inside it, and (for borderless tables) where the header ends. */
export interface Frame {
  bbox: Rect;
  h: HRule[];
  v: VRule[];
  fills: Fill[];
  /** Borderless tables: lines whose centre lies above this y are header lines. */
  headerBottom?: number;
}

/** A run of printed lines that form one table row (or one header row). */
interface RowBand {
  lines: Line[];
  /** Index of the rule band it came from, so rowspans are only merged across rules. */
  band: number;
}

const SNAP = 2.5;

const center = (l: { top: number; bottom: number }) => (l.top + l.bottom) / 2;
const itemMid = (i: TextItem) => i.baseline - 0.35 * i.fontSize;

/** Builds the tables in a frame (usually one); none when what is there is not a table (a box of prose, a lone rule). */
export function buildTable(
  page: PageContent,
  items: TextItem[],
  frame: Frame,
  pageLines: Line[],
  exclude: readonly Rect[] = [],
): PageTable[] {
  const t = buildOne(page, items, frame, pageLines, exclude);
  return t === null ? [] : Array.isArray(t) ? t : [t];
}

function buildOne(
  page: PageContent,
  items: TextItem[],
  frame: Frame,
  pageLines: Line[],
  exclude: readonly Rect[],
): PageTable | PageTable[] | null {
  if (items.length < 2) return null;
  const lines = buildLines(page.number, items);
  if (lines.length < 2) return null;
  const fs = median(items.map((i) => i.fontSize));

  // Columns: every vertical rule or fill edge inside the frame is a column boundary; a frame without any (rules
  // between rows only, a header bar, none at all) is read from its text (unruled.ts).
  const { bbox } = frame;
  const interior = frame.v.filter((v) => v.x > bbox.x + SNAP && v.x < bbox.x + bbox.w - SNAP);
  const ruledCols = interior.length > 0;
  if (!ruledCols) {
    const unruled = { bbox, h: frame.h, fills: frame.fills, headerBottom: frame.headerBottom };
    return buildUnruled(page, items, unruled, (b, size) => captionAbove(page, pageLines, b, size, exclude));
  }
  let bounds = clusterPositions([...frame.v.map((v) => v.x), bbox.x, bbox.x + bbox.w], SNAP);
  bounds = bounds.filter((b, i) => i === 0 || b - bounds[i - 1]! > 3);
  if (bounds.length < 3) return null;
  const nCols = bounds.length - 1;
  const colOf = (x: number) => {
    for (let c = 0; c < nCols; c++) if (x < bounds[c + 1]!) return c;
    return nCols - 1;
  };

  // The width a line of text can take in each column, inside the cell padding: the padding is what the text in
  // most columns leaves free at its nearer edge.
  const gaps = [...Array(nCols).keys()].map((c) => {
    const ds = items
      .filter((i) => i.x >= bounds[c]! - 1 && i.x + i.w <= bounds[c + 1]! + 1)
      .map((i) => Math.min(i.x - bounds[c]!, bounds[c + 1]! - i.x - i.w));
    return ds.length ? Math.max(0, Math.min(...ds)) : null;
  });
  const pad = median(gaps.filter((g): g is number => g !== null));
  const inner: (number | undefined)[] = [...Array(nCols).keys()].map((c) => bounds[c + 1]! - bounds[c]! - 2 * pad);
  const known = pageWords(page.items);

  // Rows: rule bands; a band holding several rows (values stacked in one column) or a frame without rules is
  // split where the line spacing opens up.
  const hys = clusterPositions(frame.h.map((h) => h.y), SNAP);
  const byBand = new Map<number, Line[]>();
  for (const l of lines) {
    const b = hys.filter((y) => y < center(l)).length;
    byBand.set(b, [...(byBand.get(b) ?? []), l]);
  }
  const bands: RowBand[] = [];
  const headerLimit = frame.headerBottom;
  for (const [band, ls] of [...byBand.entries()].sort((a, b) => a[0] - b[0])) {
    const split = hys.length < 2 || stacksValues(ls, colOf);
    if (!split) bands.push({ lines: ls, band });
    else for (const g of splitByPitch(ls, fs, headerLimit)) bands.push({ lines: g, band });
  }
  if (bands.length < 2) return null;

  // Header rows.
  const nHeader = headerCount(bands, frame, colOf);
  // A second header row further down (styled like the first, titles in several columns, no values) starts a
  // second table in the same frame: each part is built on its own.
  const restart = restartBand(bands, nHeader, frame, colOf);
  if (restart > 0) {
    const cut = cutAbove(bands, restart, frame);
    const parts = splitFrame(frame, cut);
    return [
      ...buildTable(page, items.filter((i) => itemMid(i) < cut), parts[0], pageLines, exclude),
      ...buildTable(page, items.filter((i) => itemMid(i) >= cut), parts[1], pageLines, exclude),
    ];
  }
  const headerBands = bands.slice(0, nHeader);
  let bodyBands = bands.slice(nHeader);
  if (hys.length < 2) bodyBands = foldLabelLines(bodyBands, colOf);

  const header: string[][] = headerBands.map((b) =>
    headerRow(b, frame, bounds, colOf, inner, known),
  );
  mergeRowspans(header, headerBands, frame, bounds);

  // Body cells. Where a column has its own row rules, a cell that spans several rows (no rule under it in
  // that column) is read whole and kept in its first row. Where the body's vertical rules stop for one row, that
  // row's cell spans those columns and keeps its text in the first of them.
  const rowOfLine = new Map<Line, number>();
  bodyBands.forEach((b, r) => b.lines.forEach((l) => rowOfLine.set(l, r)));
  const bodyTop = bodyBands.length ? Math.min(...bodyBands[0]!.lines.map((l) => l.top)) : 0;
  const active = bodyBands.map((b) => {
    const mid = (Math.min(...b.lines.map((l) => l.top)) + Math.max(...b.lines.map((l) => l.bottom))) / 2;
    return bounds.map((x, k) => k > 0 && k < nCols && frame.v.some((v) => Math.abs(v.x - x) <= SNAP && v.y0 - 1 <= mid && mid <= v.y1 + 1));
  });
  const bodyRuled = bounds.map((_, k) => {
    const n = active.filter((a) => a[k]).length;
    return n > 0 && n * 4 >= active.length;
  });
  const cellCol = (x: number, r: number) => {
    let c = colOf(x);
    while (c > 0 && bodyRuled[c] && !active[r]![c]) c--;
    return c;
  };
  const localRules = [...Array(nCols).keys()].map((c) => {
    const xm = (bounds[c]! + bounds[c + 1]!) / 2;
    return clusterPositions(
      frame.h.filter((h) => h.x0 - 1 <= xm && xm <= h.x1 + 1 && h.y > bodyTop - SNAP).map((h) => h.y),
      SNAP,
    );
  });
  const groups = new Map<string, { row: number; col: number; items: TextItem[] }>();
  for (const [l, r] of rowOfLine) {
    for (const it of l.items) {
      const c = cellCol(it.x + 1, r);
      const local = localRules[c]!;
      const key = local.length >= 2 ? `${c}:L${local.filter((y) => y < itemMid(it)).length}` : `${c}:R${r}`;
      const g = groups.get(key);
      if (g) {
        g.items.push(it);
        g.row = Math.min(g.row, r);
      } else groups.set(key, { row: r, col: c, items: [it] });
    }
  }
  const cellsByRow: TextItem[][][] = bodyBands.map(() => Array.from({ length: nCols }, () => []));
  for (const g of groups.values()) cellsByRow[g.row]![g.col]!.push(...g.items);
  const rows: string[][] = [];
  const bold: boolean[] = [];
  bodyBands.forEach((b, r) => {
    const row = cellsByRow[r]!.map((c, k) => cellText(c, inner[k], known));
    if (row.every((c) => !c)) return;
    rows.push(row);
    const all = b.lines.flatMap((l) => l.items);
    bold.push(all.length > 0 && all.every((i) => i.bold));
  });

  // Drop columns that are empty throughout (the frame's margins, spacer columns).
  const keep = [...Array(nCols).keys()].filter((c) => header.some((r) => r[c]) || rows.some((r) => r[c]));
  const pick = (r: string[]) => keep.map((c) => r[c] ?? '');
  const hdr = header.map(pick).filter((r) => r.some(Boolean));
  const body = rows.map(pick);
  if (keep.length < 2 || !body.length) return null;
  // Value columns left empty throughout (statuses shown as icons) still make a table when a ruled grid and a
  // header of several titles say so.
  const gridded = hdr.some((r) => new Set(r.filter(Boolean)).size >= 2);
  if (!body.some((r) => r.slice(1).some(Boolean)) && !gridded) return null;
  if (!hdr.length && !body.some((r) => r.filter(Boolean).length >= 2)) return null;

  const caption = captionAbove(page, pageLines, bbox, fs, exclude);
  const unit = unitOf([...hdr.map((r) => r[0] ?? ''), caption ?? '', ...hdr.flat()]);
  return {
    page: page.number,
    bbox: { ...bbox },
    header: hdr,
    rows: body,
    rowKinds: classifyRows(body, bold),
    columns: keep.map((c) => ({ x0: bounds[c]!, x1: bounds[c + 1]! })),
    caption,
    unit,
    source: 'geometry',
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 10;
}

/** True when two lines of a band both carry a value in the same column: the band holds more than one row. */
function stacksValues(ls: Line[], colOf: (x: number) => number): boolean {
  if (ls.length < 2) return false;
  const seen = new Set<number>();
  for (const l of ls) {
    const cols = new Set(l.items.filter((i) => isValue(i.str)).map((i) => colOf(i.x + 1)));
    for (const c of cols) {
      if (c > 0 && seen.has(c)) return true;
    }
    for (const c of cols) seen.add(c);
  }
  return false;
}

/** Splits lines into rows where the gap between one line's bottom and the next's top exceeds 0.3 em. */
function splitByPitch(ls: Line[], fs: number, headerBottom?: number): Line[][] {
  const out: Line[][] = [];
  for (const l of [...ls].sort((a, b) => a.top - b.top)) {
    const cur = out.at(-1);
    const prev = cur?.at(-1);
    const crossesHeader = headerBottom !== undefined && prev && center(prev) < headerBottom && center(l) >= headerBottom;
    if (cur && prev && !crossesHeader && l.top - prev.bottom < 0.3 * Math.min(fs, prev.fontSize, l.fontSize)) cur.push(l);
    else out.push([l]);
  }
  return out;
}

/** Fill colours behind most of a band's items. */
function shading(b: RowBand, fills: Fill[]): Set<string> {
  const items = b.lines.flatMap((l) => l.items);
  const votes = new Map<string, number>();
  for (const it of items) {
    const x = it.x + it.w / 2;
    const y = itemMid(it);
    const f = fills.find((f) => x >= f.x && x <= f.x + f.w && y >= f.y && y <= f.y + f.h && f.color && f.color !== '#ffffff');
    if (f) votes.set(f.color!, (votes.get(f.color!) ?? 0) + 1);
  }
  return new Set([...votes.entries()].filter(([, n]) => n * 2 >= items.length).map(([c]) => c));
}

function hasValues(b: RowBand, colOf: (x: number) => number): boolean {
  return b.lines.some((l) => l.items.some((i) => colOf(i.x + 1) > 0 && isValue(i.str)));
}

/** How many leading bands are header: shaded like the first band, else bold, else the first band when it holds no values. */
function headerCount(bands: RowBand[], frame: Frame, colOf: (x: number) => number): number {
  const max = bands.length - 1;
  if (frame.headerBottom !== undefined) {
    const n = bands.filter((b) => center(b.lines[0]!) < frame.headerBottom!).length;
    return Math.min(n, max);
  }
  const first = shading(bands[0]!, frame.fills);
  // A band right under a shaded header with titles in several value columns and no values continues the header.
  if (first.size) {
    let n = 0;
    while (n < max && [...shading(bands[n]!, frame.fills)].some((c) => first.has(c))) n++;
    if (n > 0 && n < bands.length) return n + headerContinuation(bands.slice(n), colOf);
  }
  const isBold = (b: RowBand) => b.lines.every((l) => l.items.every((i) => i.bold));
  if (isBold(bands[0]!) && !bands.every(isBold)) {
    let n = 0;
    while (n < max && isBold(bands[n]!) && !hasValues(bands[n]!, colOf)) n++;
    if (n) return n;
  }
  return hasValues(bands[0]!, colOf) ? 0 : 1;
}

/**
 * The index of a body band that repeats the header's styling (the header's fill colour, or bold where the header is
 * bold and unshaded), holds titles in two or more columns and no values, and has body rows under it: a new header.
 * 0 when there is none. Borderless tables (their header found by position) never restart.
 */
function restartBand(bands: RowBand[], nHeader: number, frame: Frame, colOf: (x: number) => number): number {
  if (frame.headerBottom !== undefined || nHeader === 0) return 0;
  const head = shading(bands[0]!, frame.fills);
  const isBold = (b: RowBand) => b.lines.every((l) => l.items.every((i) => i.bold));
  const headBold = bands.slice(0, nHeader).every(isBold);
  if (!head.size && !headBold) return 0;
  const styled = (b: RowBand) => (head.size ? [...shading(b, frame.fills)].some((c) => head.has(c)) : isBold(b));
  for (let k = nHeader + 1; k < bands.length - 1; k++) {
    const b = bands[k]!;
    if (!styled(b) || hasValues(b, colOf)) continue;
    if (head.size === 0 && headBold && !isBold(b)) continue;
    const cols = new Set(b.lines.flatMap((l) => l.items.map((i) => colOf(i.x + 1))));
    if (cols.size < 2) continue;
    // The body between must not be styled the same (a table shaded throughout).
    if (bands.slice(nHeader, k).some(styled)) continue;
    if (!bands.slice(k + 1).some((r) => !styled(r))) continue;
    return k;
  }
  return 0;
}

/** Where to cut a frame above band k: the lowest rule between it and the band above, else halfway. */
function cutAbove(bands: RowBand[], k: number, frame: Frame): number {
  const top = Math.min(...bands[k]!.lines.map((l) => l.top));
  const prevBottom = Math.max(...bands[k - 1]!.lines.map((l) => l.bottom));
  const rules = frame.h.map((h) => h.y).filter((y) => y > prevBottom - 1 && y < top + 1);
  return rules.length ? Math.max(...rules) - 0.5 : (top + prevBottom) / 2;
}

/** The two parts of a frame above and below y; rules on the cut belong to both. */
function splitFrame(frame: Frame, y: number): [Frame, Frame] {
  const { bbox } = frame;
  const upper: Frame = {
    bbox: { x: bbox.x, y: bbox.y, w: bbox.w, h: y - bbox.y },
    h: frame.h.filter((h) => h.y <= y + SNAP),
    v: frame.v.filter((v) => v.y0 < y).map((v) => ({ ...v, y1: Math.min(v.y1, y) })),
    fills: frame.fills.filter((f) => f.y < y),
  };
  const lower: Frame = {
    bbox: { x: bbox.x, y, w: bbox.w, h: bbox.y + bbox.h - y },
    h: frame.h.filter((h) => h.y >= y - SNAP),
    v: frame.v.filter((v) => v.y1 > y).map((v) => ({ ...v, y0: Math.max(v.y0, y) })),
    fills: frame.fills.filter((f) => f.y + f.h > y),
  };
  return [upper, lower];
}

/** Leading bands (of those given) that read as more header: titles in two or more value columns, no values, values below. */
function headerContinuation(bands: RowBand[], colOf: (x: number) => number): number {
  let n = 0;
  while (n < bands.length - 1 && !hasValues(bands[n]!, colOf) && bands.slice(n + 1).some((b) => hasValues(b, colOf))) {
    const cols = new Set(bands[n]!.lines.flatMap((l) => l.items.map((i) => colOf(i.x + 1))).filter((c) => c > 0));
    if (cols.size < 2) break;
    n++;
  }
  return n;
}

/** One header row: a header cell spans the columns between the vertical rules present at its height. */
function headerRow(
  b: RowBand,
  frame: Frame,
  bounds: number[],
  colOf: (x: number) => number,
  inner: readonly (number | undefined)[],
  known: PageWords,
): string[] {
  const nCols = bounds.length - 1;
  const items = b.lines.flatMap((l) => l.items);
  const row: string[] = Array(nCols).fill('');
  const mid = (Math.min(...items.map((i) => i.top)) + Math.max(...items.map((i) => i.baseline))) / 2;
  const active = (k: number) =>
    frame.v.some((v) => Math.abs(v.x - bounds[k]!) <= SNAP && v.y0 - 1 <= mid && mid <= v.y1 + 1);
  let start = 0;
  for (let k = 1; k <= nCols; k++) {
    if (k < nCols && !active(k)) continue;
    const inGroup = items.filter((i) => {
      const c = colOf(i.x + i.w / 2);
      return c >= start && c < k;
    });
    // Several separate text blocks in different columns under one "spanning" cell: the separators are just
    // not drawn (white text on a header bar, rules lost in a scan), so each column keeps its own text.
    const blocks = textBlocks(inGroup);
    const blockCols = new Set(blocks.map((bl) => colOf((Math.min(...bl.map((i) => i.x)) + Math.max(...bl.map((i) => i.x + i.w))) / 2)));
    if (k - start > 1 && blocks.length > 1 && blockCols.size > 1) {
      for (let c = start; c < k; c++) row[c] = cellText(inGroup.filter((i) => colOf(i.x + i.w / 2) === c), inner[c], known);
    } else {
      const text = cellText(inGroup, k - start === 1 ? inner[start] : undefined, known);
      for (let c = start; c < k; c++) row[c] = text;
    }
    start = k;
  }
  return row;
}

/** Items grouped into blocks that overlap or nearly touch horizontally (over all lines given). */
function textBlocks(items: TextItem[]): TextItem[][] {
  const sorted = [...items].sort((a, b) => a.x - b.x);
  const blocks: TextItem[][] = [];
  let end = -Infinity;
  for (const it of sorted) {
    const cur = blocks.at(-1);
    if (cur && it.x - end < it.fontSize) {
      cur.push(it);
      end = Math.max(end, it.x + it.w);
    } else {
      blocks.push([it]);
      end = it.x + it.w;
    }
  }
  return blocks;
}

/** A header cell with no rule above it continues the cell above (a rowspan): its text moves up. */
function mergeRowspans(header: string[][], bands: RowBand[], frame: Frame, bounds: number[]): void {
  for (let r = 1; r < header.length; r++) {
    if (bands[r]!.band === bands[r - 1]!.band) continue;
    const topY = Math.min(...bands[r]!.lines.map((l) => l.top));
    const prevBottom = Math.max(...bands[r - 1]!.lines.map((l) => l.bottom));
    for (let c = 0; c < header[r]!.length; c++) {
      if (!header[r]![c]) continue;
      const xm = (bounds[c]! + bounds[c + 1]!) / 2;
      const ruled = frame.h.some((h) => h.y >= prevBottom - 1 && h.y <= topY + 1 && h.x0 - 1 <= xm && xm <= h.x1 + 1);
      if (ruled) continue;
      const up = header[r - 1]![c];
      header[r - 1]![c] = up && up !== header[r]![c] ? `${up} ${header[r]![c]}` : header[r]![c]!;
      header[r]![c] = '';
    }
  }
}

const CONTINUES = /(?:[,\-–/&]|\b(?:och|samt|inkl\.?|exkl\.?|av|för|i|med|till|per|utan)|\([^)]*)$/i;

/**
 * In a table without row rules, a line with text only in the label column is part of a multi-line label:
 * it joins the row above when it reads as a continuation, else the row below when that row has no label.
 */
function foldLabelLines(bands: RowBand[], colOf: (x: number) => number): RowBand[] {
  const labelOnly = (b: RowBand) => b.lines.every((l) => l.items.every((i) => colOf(i.x + 1) === 0));
  const label = (b: RowBand) => cellText(b.lines.flatMap((l) => l.items.filter((i) => colOf(i.x + 1) === 0)));
  const out: RowBand[] = [];
  for (let i = 0; i < bands.length; i++) {
    const b = bands[i]!;
    const prev = out.at(-1);
    const next = bands[i + 1];
    if (labelOnly(b) && prev) {
      const text = label(b);
      if (/^\p{Ll}/u.test(text) || CONTINUES.test(label(prev))) {
        out[out.length - 1] = { lines: [...prev.lines, ...b.lines], band: prev.band };
        continue;
      }
    }
    if (labelOnly(b) && next && !labelOnly(next) && !label(next)) {
      bands[i + 1] = { lines: [...b.lines, ...next.lines], band: next.band };
      continue;
    }
    out.push(b);
  }
  return out;
}

/**
 * The caption or heading printed just above the table (within about three lines): a bold or larger heading,
 * its wrapped lines joined, or a single short line of text; not the end of a paragraph, nor a line of another table.
 */
function captionAbove(page: PageContent, pageLines: Line[], bbox: Rect, fs: number, exclude: readonly Rect[]): string | null {
  const within = (l: Line, r: Rect) => l.top + 1 >= r.y && l.bottom - 1 <= r.y + r.h && l.x1 > r.x && l.x0 < r.x + r.w;
  const sorted = [...pageLines].sort((a, b) => a.top - b.top);
  let at = -1;
  for (let i = 0; i < sorted.length; i++) {
    const l = sorted[i]!;
    if (l.bottom > bbox.y + 2 || l.top < bbox.y - 4 * Math.max(fs, l.fontSize)) continue;
    if (l.top < 0.07 * page.height) continue;
    if (l.x1 < bbox.x || l.x0 > bbox.x + bbox.w) continue;
    if (exclude.some((r) => within(l, r))) continue;
    if (at < 0 || l.bottom > sorted[at]!.bottom) at = i;
  }
  if (at < 0) return null;
  const best = sorted[at]!;
  const sameStyle = (a: Line, b: Line) =>
    Math.abs(a.fontSize - b.fontSize) < 0.2 && a.bold === b.bold && b.top - a.bottom < 0.6 * a.fontSize;
  const parts = [best];
  for (let i = at - 1; i >= 0 && parts.length < 3 && sameStyle(sorted[i]!, parts[0]!); i--) parts.unshift(sorted[i]!);
  const heading = best.bold || best.fontSize > 1.05 * fs;
  if (!heading && parts.length > 1) return null;
  const text = parts.map((l) => l.text).join(' ');
  // A line going on in lower case ends a paragraph; it does not title the table.
  if (/^\p{Ll}/u.test(text)) return null;
  return text.length > 160 ? null : text;
}
