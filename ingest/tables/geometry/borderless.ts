import type { Line } from '../../layout/lines.ts';
import type { Rect } from '../../pdf/types.ts';
import { atomsOf } from './stream.ts';
import { isValue, isYear } from './text.ts';

export interface BorderlessRegion {
  lines: Line[];
  bbox: Rect;
  /** Lines whose centre lies above this y are the header. */
  headerBottom: number;
}

/** A line that reads as a table row: a label and at least one value, or three or more short cells. */
function isFigureRow(l: Line): boolean {
  if (l.segments.length < 2) return false;
  const rest = l.segments.slice(1);
  if (rest.some((s) => isValue(s.text)) || l.items.slice(1).some((i) => isValue(i.str) && i.x > l.segments[0]!.x1)) return true;
  return l.segments.length >= 3 && rest.every((s) => s.text.length <= 30);
}

/** A header line: several short cells (titles, years), no values after the first. */
function isHeaderLine(l: Line, labelRight: number): boolean {
  const rest = l.segments.slice(1);
  if (rest.some((s) => isValue(s.text))) return false;
  // A run of prose; a segment of several titles set close together (`Bokslut 2022 Prognos 2023 …`) is not one.
  if (l.items.some((i) => i.str.trim().length > 60)) return false;
  if (l.segments.length >= 2 || atomsOf(l).length >= 2) return true;
  // A single block over the value columns (a spanning title such as `Budget 2015`).
  return l.x0 > labelRight || isYear(l.text);
}

/** A table of contents: a title, maybe a section number and dot leaders, and a rising page number last. */
function isToc(rows: Line[]): boolean {
  const nums = rows.map((l) => l.segments.at(-1)!.text).map((t) => (/^\d{1,3}$/.test(t) ? Number(t) : NaN));
  if (nums.some((n) => Number.isNaN(n))) return false;
  if (rows.some((l) => l.segments.slice(1, -1).some((s) => isValue(s.text)))) return false;
  const leaders = rows.filter((l) => /\.{4,}|…/.test(l.text)).length;
  return leaders * 2 >= rows.length || nums.every((n, i) => i === 0 || n >= nums[i - 1]!);
}

/**
 * Finds tables drawn without rules: runs of row-like lines (label plus values), with label continuation lines
 * between them, and the header lines just above the first row.
 */
export function findBorderless(lines: Line[]): BorderlessRegion[] {
  const out: BorderlessRegion[] = [];
  const sorted = [...lines].sort((a, b) => a.top - b.top);
  const aligned = alignedLines(sorted);
  const isRow = (l: Line) => isFigureRow(l) || aligned.has(l);
  let i = 0;
  while (i < sorted.length) {
    if (!isRow(sorted[i]!)) {
      i++;
      continue;
    }
    const run: Line[] = [sorted[i]!];
    let labelX = sorted[i]!.x0;
    let labelRight = sorted[i]!.segments[0]!.x1;
    let j = i + 1;
    while (j < sorted.length) {
      const l = sorted[j]!;
      const prev = run.at(-1)!;
      if (l.top - prev.bottom > 1.6 * Math.max(l.fontSize, prev.fontSize)) break;
      if (Math.abs(l.fontSize - prev.fontSize) > 0.2 * prev.fontSize) break;
      // A line of text cells after rows of figures is the next table's header.
      const figures = (r: Line) => {
        const rest = r.segments.slice(1);
        return rest.length > 0 && 2 * rest.filter((sg) => isValue(sg.text)).length >= rest.length;
      };
      if (!figures(l) && aligned.has(l) && !isFigureRow(l) && run.filter(figures).length >= 2) break;
      if (isRow(l)) {
        run.push(l);
        // A row set further left holds the label column (the run may have begun on a header line).
        if (l.x0 < labelX - l.fontSize) labelRight = l.segments[0]!.x1;
        else labelRight = Math.max(labelRight, l.segments[0]!.x1);
        labelX = Math.min(labelX, l.x0);
        j++;
        continue;
      }
      // A label line (continuation or group title) inside the table: starts at the label edge, stays in the label column.
      const next = sorted[j + 1];
      const inLabel = l.segments.length === 1 && Math.abs(l.x0 - labelX) < 3 * l.fontSize && l.x1 <= labelRight + 2 * l.fontSize;
      if (inLabel && next && isRow(next) && next.top - l.bottom < 1.6 * l.fontSize) {
        run.push(l);
        j++;
        continue;
      }
      if (inLabel && l.text.length < 50 && /^\p{Ll}/u.test(l.text)) {
        run.push(l);
        j++;
        continue;
      }
      // Wrapped cell text: a line without figures set at the line pitch under the row, each of its pieces starting
      // on a column's left edge (the label's or a text column's).
      const edges = run.flatMap((r) => r.segments.map((s) => s.x0));
      const wrapped =
        l.top - prev.bottom < 0.5 * l.fontSize &&
        !l.segments.some((s) => isValue(s.text)) &&
        l.segments.every((s) => edges.some((x) => Math.abs(x - s.x0) <= 2));
      // Figures alone at the line pitch, right of the labels: a cell's further lines (`T 71` under `M 76`).
      const figuresOnly = l.top - prev.bottom < 0.5 * l.fontSize && l.x0 > labelRight && l.segments.every((s) => isValue(s.text));
      if (wrapped || figuresOnly) {
        run.push(l);
        j++;
        continue;
      }
      break;
    }
    const rows = run.filter(isRow);
    // Text only: titles beside text leave the title column empty on most lines; prose set in two columns fills both.
    if (!rows.some(isFigureRow)) {
      const left = Math.min(...run.map((l) => l.x0));
      if (run.filter((l) => Math.abs(l.x0 - left) <= 1.5).length >= 0.6 * run.length && rows.every((r) => atomsOf(r).length === 2)) {
        i = j;
        continue;
      }
    }
    // Header lines directly above.
    const header: Line[] = [];
    let k = i - 1;
    while (k >= 0 && header.length < 4) {
      const l = sorted[k]!;
      const below = header[0] ?? run[0]!;
      if (below.top - l.bottom > 1.2 * Math.max(l.fontSize, below.fontSize)) break;
      if (l.fontSize > 1.15 * below.fontSize) break;
      if (!isHeaderLine(l, labelRight)) {
        // A group title between the header and the first row.
        const up = sorted[k - 1];
        const title = header.length === 0 && l.segments.length === 1 && Math.abs(l.x0 - labelX) < 2 && l.bold !== run[0]!.bold;
        if (!title || !up || l.top - up.bottom > 1.2 * l.fontSize || !isHeaderLine(up, labelRight)) break;
      }
      header.unshift(l);
      k--;
    }
    // One row of figures under a header of titles over them is a table too (a table of one indicator, or the
    // first row of a table the page break cuts).
    const single = rows.length === 1 && header.some((h) => h.segments.length >= 2) && rows[0]!.segments.slice(1).some((s) => isValue(s.text));
    if ((rows.length >= 2 || single) && !isToc(rows)) {
      const all = [...header, ...run];
      const x0 = Math.min(...all.map((l) => l.x0));
      const x1 = Math.max(...all.map((l) => l.x1));
      const y0 = Math.min(...all.map((l) => l.top));
      const y1 = Math.max(...all.map((l) => l.bottom));
      const headerBottom = header.length ? (header.at(-1)!.bottom + run[0]!.top) / 2 : y0;
      out.push({ lines: all, bbox: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }, headerBottom });
    }
    i = j;
  }
  return out;
}

/**
 * Lines of text cells on shared left edges (pdfplumber's text edges): a line of three or more cells, two of which,
 * beyond its first, start where cells of a line of three or more next to it start (a row of text cells under its
 * header). Lists (a bullet or dash first) are not rows.
 */
function alignedLines(sorted: Line[]): Set<Line> {
  const out = new Set<Line>();
  const starts = sorted.map((l) => atomsOf(l).map((a) => a.x0));
  const shares = (a: number[], b: number[]) => a.slice(1).filter((x) => b.some((y) => Math.abs(x - y) <= 1.5)).length;
  sorted.forEach((l, i) => {
    // A title beside text: two cells, the text going on below on the same left edge.
    const next = sorted[i + 1];
    if (
      starts[i]!.length === 2 &&
      next &&
      !/^[•\-–—*]$/.test(atomsOf(l)[0]!.text) &&
      next.top - l.bottom < 0.5 * l.fontSize &&
      starts[i + 1]!.some((x) => Math.abs(x - starts[i]![1]!) <= 1.5) &&
      starts[i + 1]![0]! > starts[i]![0]! + 2 * l.fontSize
    ) {
      out.add(l);
      return;
    }
    if (starts[i]!.length < 3 || /^[•\-–—*]$/.test(atomsOf(l)[0]!.text)) return;
    const near = [i - 1, i + 1].filter((k) => k >= 0 && k < sorted.length && Math.abs(sorted[k]!.top - l.top) < 2.6 * l.fontSize);
    if (near.some((k) => starts[k]!.length >= 3 && shares(starts[i]!, starts[k]!) >= 2 && Math.abs(sorted[k]!.fontSize - l.fontSize) < 0.2 * l.fontSize)) out.add(l);
  });
  return out;
}
