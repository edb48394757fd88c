import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { grayPnm } from './raster.ts';
import type { Rect, Shape } from '../pdf/types.ts';
import type { OcrLine, OcrRawPage, OcrWord } from './words.ts';

/** A table row is this tall, in points (one line of 9–10 pt text up to a few wrapped lines). */
const ROW_MIN_PT = 8;
const ROW_MAX_PT = 60;
const CELL_MIN_WIDTH_PT = 15;
/** Kept clear of the cell's rules when cropping, in points. */
const INSET_PT = 1.5;
const PAD_PX = 24;
/** What a re-read cell must look like to be kept: a number (the cells sparse OCR drops are lone digits). */
const NUMBER = /^[-−–]?\d[\d ]*(,\d+)?\s?%?$/;

/**
 * Cells of ruled tables that hold no OCR word, in raster pixels. Sparse-text OCR drops lone digits (`0`, `2`) in
 * table cells; these are the places to read again.
 */
export function emptyCells(shapes: readonly Shape[], raw: OcrRawPage): Rect[] {
  const s = raw.scale;
  const hRules = shapes.filter((r) => r.h < 2 && r.w >= 30);
  const vRules = shapes.filter((r) => r.w < 2 && r.h >= ROW_MIN_PT);
  const ys = clusterPositions(hRules.map((r) => r.y + r.h / 2), 2);
  const words = raw.lines.flatMap((l) => l.words);
  const cells: Rect[] = [];
  for (let i = 0; i + 1 < ys.length; i++) {
    const [y0, y1] = [ys[i]!, ys[i + 1]!];
    if (y1 - y0 < ROW_MIN_PT || y1 - y0 > ROW_MAX_PT) continue;
    const xs = clusterPositions(
      vRules.filter((v) => v.y <= y0 + 2 && v.y + v.h >= y1 - 2).map((v) => v.x + v.w / 2),
      2,
    );
    for (let k = 0; k + 1 < xs.length; k++) {
      const [x0, x1] = [xs[k]!, xs[k + 1]!];
      if (x1 - x0 < CELL_MIN_WIDTH_PT) continue;
      const ruledAbove = hRules.some((h) => Math.abs(h.y + h.h / 2 - y0) <= 2 && h.x <= x0 + 2 && h.x + h.w >= x1 - 2);
      const ruledBelow = hRules.some((h) => Math.abs(h.y + h.h / 2 - y1) <= 2 && h.x <= x0 + 2 && h.x + h.w >= x1 - 2);
      if (!ruledAbove || !ruledBelow) continue;
      const cell = { x: (x0 + INSET_PT) * s, y: (y0 + INSET_PT) * s, w: (x1 - x0 - 2 * INSET_PT) * s, h: (y1 - y0 - 2 * INSET_PT) * s };
      const occupied = words.some((w) => {
        const cx = (w.x0 + w.x1) / 2;
        const cy = (w.y0 + w.y1) / 2;
        return cx >= cell.x && cx <= cell.x + cell.w && cy >= cell.y && cy <= cell.y + cell.h;
      });
      if (!occupied) cells.push(cell);
    }
  }
  return cells;
}

/** The empty cells cut out and stacked one above the other on white, to be read in one OCR call as lines. */
export function stackCells(img: Canvas, cells: readonly Rect[]): { pnm: Buffer; offsets: { cell: Rect; top: number }[] } {
  const width = Math.ceil(Math.max(...cells.map((c) => c.w))) + 2 * PAD_PX;
  const height = Math.ceil(cells.reduce((h, c) => h + c.h + PAD_PX, PAD_PX));
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  const offsets: { cell: Rect; top: number }[] = [];
  let top = PAD_PX;
  for (const c of cells) {
    ctx.drawImage(img, c.x, c.y, c.w, c.h, PAD_PX, top, c.w, c.h);
    offsets.push({ cell: c, top });
    top += c.h + PAD_PX;
  }
  return { pnm: grayPnm(canvas), offsets };
}

/** Lines read from the stacked cells, moved back to their cells' places on the page; only numbers are kept. */
export function unstackLines(lines: readonly OcrLine[], offsets: readonly { cell: Rect; top: number }[]): OcrLine[] {
  const out: OcrLine[] = [];
  for (const line of lines) {
    const mid = (line.baseline[1] + line.baseline[3]) / 2 - line.rowHeight / 3;
    const at = offsets.find((o) => mid >= o.top - PAD_PX / 2 && mid <= o.top + o.cell.h + PAD_PX / 2);
    if (!at) continue;
    const text = line.words.map((w) => w.text).join(' ').trim();
    if (!NUMBER.test(text)) continue;
    const dx = at.cell.x - PAD_PX;
    const dy = at.cell.y - at.top;
    const move = (w: OcrWord): OcrWord => ({ ...w, x0: w.x0 + dx, x1: w.x1 + dx, y0: w.y0 + dy, y1: w.y1 + dy });
    const [bx0, by0, bx1, by1] = line.baseline;
    out.push({ baseline: [bx0 + dx, by0 + dy, bx1 + dx, by1 + dy], rowHeight: line.rowHeight, words: line.words.map(move) });
  }
  return out;
}

/** Sorted positions with those closer than `tol` merged to their mean. */
function clusterPositions(values: number[], tol: number): number[] {
  const groups: number[][] = [];
  for (const v of [...values].sort((a, b) => a - b)) {
    const g = groups.at(-1);
    if (g && v - g.at(-1)! <= tol) g.push(v);
    else groups.push([v]);
  }
  return groups.map((g) => g.reduce((s, v) => s + v, 0) / g.length);
}
