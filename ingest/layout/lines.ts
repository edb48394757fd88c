import type { TextItem } from '../pdf/types.ts';

/** Consecutive items on one line that sit close enough to read as one phrase or one table cell. */
export interface Segment {
  text: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  fontSize: number;
  bold: boolean;
  items: TextItem[];
}

export interface Line {
  page: number;
  text: string;
  x0: number;
  x1: number;
  top: number;
  baseline: number;
  bottom: number;
  /** The dominant font size of the line (by characters). */
  fontSize: number;
  /** Every character of the line is set in a bold font. */
  bold: boolean;
  segments: Segment[];
  items: TextItem[];
}

export interface LineOptions {
  /** A horizontal gap of at least this many ems starts a new segment. */
  segmentGapEm: number;
}

const DEFAULTS: LineOptions = { segmentGapEm: 1.0 };

/** Groups a page's text items into lines (by baseline) and each line into segments (by horizontal gaps). */
export function buildLines(page: number, items: readonly TextItem[], options: Partial<LineOptions> = {}): Line[] {
  const opts = { ...DEFAULTS, ...options };
  const sorted = [...items].sort((a, b) => a.baseline - b.baseline || a.x - b.x);
  const rows: TextItem[][] = [];
  for (const item of sorted) {
    const row = rows.at(-1);
    const ref = row?.[0];
    // Items belong to the same line when their baselines differ by less than 30 % of the smaller font size.
    if (row && ref && Math.abs(meanBaseline(row) - item.baseline) < 0.3 * Math.min(ref.fontSize, item.fontSize)) row.push(item);
    else rows.push([item]);
  }
  return rows.map((row) => toLine(page, row, opts));
}

function meanBaseline(row: TextItem[]): number {
  return row.reduce((s, i) => s + i.baseline, 0) / row.length;
}

function toLine(page: number, row: TextItem[], opts: LineOptions): Line {
  const items = [...row].sort((a, b) => a.x - b.x);
  const segments: Segment[] = [];
  let cur: TextItem[] = [];
  for (const item of items) {
    const prev = cur.at(-1);
    if (prev) {
      const gap = item.x - (prev.x + prev.w);
      const em = Math.max(prev.fontSize, item.fontSize);
      if (gap >= opts.segmentGapEm * em) {
        segments.push(toSegment(cur));
        cur = [];
      }
    }
    cur.push(item);
  }
  if (cur.length) segments.push(toSegment(cur));
  const chars = (s: Segment) => s.text.length;
  const total = segments.reduce((n, s) => n + chars(s), 0);
  const sizeVotes = new Map<number, number>();
  for (const it of items) sizeVotes.set(round1(it.fontSize), (sizeVotes.get(round1(it.fontSize)) ?? 0) + it.str.length);
  const fontSize = [...sizeVotes.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  return {
    page,
    text: joinItems(items),
    x0: Math.min(...items.map((i) => i.x)),
    x1: Math.max(...items.map((i) => i.x + i.w)),
    top: Math.min(...items.map((i) => i.top)),
    baseline: meanBaseline(items),
    bottom: Math.max(...items.map((i) => i.baseline + 0.25 * i.fontSize)),
    fontSize,
    bold: total > 0 && segments.every((s) => s.bold),
    segments,
    items,
  };
}

function toSegment(items: TextItem[]): Segment {
  return {
    text: joinItems(items),
    x0: Math.min(...items.map((i) => i.x)),
    x1: Math.max(...items.map((i) => i.x + i.w)),
    top: Math.min(...items.map((i) => i.top)),
    bottom: Math.max(...items.map((i) => i.baseline + 0.25 * i.fontSize)),
    fontSize: Math.max(...items.map((i) => i.fontSize)),
    bold: items.filter((i) => i.str.trim()).every((i) => i.bold),
    items,
  };
}

/** Joins items left to right: a space where the gap is wider than a thin space, none where glyphs abut. */
export function joinItems(items: readonly TextItem[]): string {
  let out = '';
  let prevEnd: number | null = null;
  let prevSize = 0;
  for (const it of items) {
    if (prevEnd !== null) {
      const gap = it.x - prevEnd;
      const needsSpace = gap > 0.15 * Math.max(prevSize, it.fontSize) && !out.endsWith(' ') && !it.str.startsWith(' ');
      if (needsSpace) out += ' ';
    }
    out += it.str;
    prevEnd = it.x + it.w;
    prevSize = it.fontSize;
  }
  return out.replace(/\s+/g, ' ').trim();
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
