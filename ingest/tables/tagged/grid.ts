import type { TaggedCell, TaggedRow } from './cells.ts';

export interface ColumnExtent {
  x0: number;
  x1: number;
}

/**
 * Column extents from the rows that have every cell: the union of their cells' text in each position. A column
 * without text in any such row gets the gap between its neighbours.
 */
export function columnExtents(rows: TaggedRow[]): ColumnExtent[] {
  const width = Math.max(0, ...rows.map((r) => r.cells.length));
  const cols: ColumnExtent[] = Array.from({ length: width }, () => ({ x0: Infinity, x1: -Infinity }));
  for (const r of rows) {
    if (r.cells.length !== width) continue;
    r.cells.forEach((c, i) => {
      if (!c.items.length) return;
      cols[i]!.x0 = Math.min(cols[i]!.x0, c.x0);
      cols[i]!.x1 = Math.max(cols[i]!.x1, c.x1);
    });
  }
  for (let i = 0; i < width; i++) {
    const col = cols[i]!;
    if (Number.isFinite(col.x0)) continue;
    const prev = cols.slice(0, i).reverse().find((c) => Number.isFinite(c.x1));
    const next = cols.slice(i + 1).find((c) => Number.isFinite(c.x0));
    col.x0 = prev ? prev.x1 + 1 : next ? next.x0 - 20 : 0;
    col.x1 = next ? next.x0 - 1 : col.x0 + 20;
    if (col.x1 < col.x0) col.x1 = col.x0;
  }
  return cols;
}

const overlap = (a: ColumnExtent, b: { x0: number; x1: number }) => Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
const center = (c: { x0: number; x1: number }) => (c.x0 + c.x1) / 2;

/**
 * Lays a row out over the table's columns. A row with every cell maps one to one. Otherwise cells are placed by
 * x-geometry: a header cell covers every column it overlaps or that lies nearer to it than to its neighbours (its
 * text repeated in each, so every column keeps its full header path); a body cell goes in the first column it
 * really overlaps, `""` in the others it spans.
 */
export function layoutRow(row: TaggedRow, cols: ColumnExtent[], header: boolean): string[] {
  const out = cols.map(() => '');
  if (row.cells.length === cols.length) return row.cells.map((c) => c.text);
  // A body row with its trailing cells left out (as HTML allows) keeps its cells in order when each one sits
  // within reach of its own column; right-aligned numbers under left-aligned headers stay short of the next column.
  // A short header row is one of spanning cells or one under a cell spanning rows: geometry decides.
  if (!header && row.cells.length < cols.length && row.cells.every((c, i) => !c.text || inColumn(c, cols, i))) {
    row.cells.forEach((c, i) => (out[i] = c.text));
    return out;
  }
  const cells = row.cells.filter((c) => c.text).sort((a, b) => a.x0 - b.x0);
  if (!cells.length) return out;
  const put = (i: number, text: string) => {
    out[i] = out[i] ? `${out[i]} ${text}` : text;
  };
  if (!header) {
    for (const c of cells) put(firstColumnOf(c, cols), c.text);
    return out;
  }
  const owner: (TaggedCell | null)[] = cols.map((col, i) => {
    let best: TaggedCell | null = null;
    let bestOverlap = 0;
    for (const c of cells) {
      const o = overlap(col, c);
      if (o > bestOverlap) [best, bestOverlap] = [c, o];
    }
    if (best) return best;
    const right = cells.findIndex((c) => c.x0 >= col.x1);
    // Left of every cell: the label column lies under a label spanning rows from above; a value column under a
    // spanning cell centred to its right.
    if (right === 0) return i === 0 ? null : cells[0]!;
    if (right < 0) return cells.at(-1)!;
    const l = cells[right - 1]!;
    const r = cells[right]!;
    return center(col) < (l.x1 + r.x0) / 2 ? l : r;
  });
  for (const c of cells) if (!owner.includes(c)) owner[firstColumnOf(c, cols)] = c;
  owner.forEach((c, i) => c && put(i, c.text));
  return out;
}

function inColumn(c: { x0: number; x1: number }, cols: ColumnExtent[], i: number): boolean {
  const mid = center(c);
  const left = i > 0 ? cols[i - 1]!.x1 : -Infinity;
  const right = i + 1 < cols.length ? cols[i + 1]!.x0 : Infinity;
  return mid > left && mid < right;
}

function firstColumnOf(c: { x0: number; x1: number }, cols: ColumnExtent[]): number {
  const w = c.x1 - c.x0;
  const strong = cols.findIndex((col) => overlap(col, c) > 0.3 * Math.min(col.x1 - col.x0, w));
  if (strong >= 0) return strong;
  let best = 0;
  let bestScore = -Infinity;
  cols.forEach((col, i) => {
    const score = overlap(col, c) > 0 ? overlap(col, c) : -Math.abs(center(col) - center(c));
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return best;
}
