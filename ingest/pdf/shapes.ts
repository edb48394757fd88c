import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Shape } from './types.ts';

type Matrix = number[];
const { OPS, Util } = pdfjs;

/**
 * Walks a page's operator list for filled and stroked paths (ruling lines and shading, which table detection
 * needs) and for painted images (which tell a scanned page). Only the bounding box of each path is kept.
 */
export function readShapes(ops: { fnArray: number[]; argsArray: unknown[] }, viewportTransform: Matrix): { shapes: Shape[]; imageArea: number } {
  const shapes: Shape[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  // ctm composed with the viewport, computed when first needed after the ctm changes (paths far outnumber transforms).
  let toPage: Matrix | null = null;
  const stack: { ctm: Matrix; fill: string | null; stroke: string | null }[] = [];
  let fill: string | null = '#000000';
  let stroke: string | null = '#000000';
  let imageArea = 0;
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[];
    switch (fn) {
      case OPS.save:
        stack.push({ ctm, fill, stroke });
        break;
      case OPS.restore: {
        const s = stack.pop();
        if (s) ({ ctm, fill, stroke } = s);
        toPage = null;
        break;
      }
      case OPS.transform:
        ctm = Util.transform(ctm, args as Matrix) as Matrix;
        toPage = null;
        break;
      case OPS.setFillRGBColor:
        fill = colorOf(args);
        break;
      case OPS.setStrokeRGBColor:
        stroke = colorOf(args);
        break;
      case OPS.setFillGray:
      case OPS.setFillCMYKColor:
      case OPS.setFillColor:
        fill = colorOf(args);
        break;
      case OPS.constructPath: {
        const op = args[0] as number;
        const mm = args[2] as ArrayLike<number> | undefined;
        if (!mm || !Number.isFinite(mm[0])) break;
        const kind = op === OPS.stroke || op === OPS.closeStroke ? 'stroke' : isFill(op) ? 'fill' : null;
        if (!kind) break;
        toPage ??= Util.transform(viewportTransform, ctm) as Matrix;
        const box = transformBox(mm[0]!, mm[1]!, mm[2]!, mm[3]!, toPage);
        shapes.push({ x: box.x, y: box.y, w: box.w, h: box.h, kind, color: kind === 'fill' ? fill : stroke });
        break;
      }
      case OPS.paintImageXObject:
      case OPS.paintInlineImageXObject:
      case OPS.paintImageMaskXObject: {
        toPage ??= Util.transform(viewportTransform, ctm) as Matrix;
        const box = transformBox(0, 0, 1, 1, toPage);
        imageArea += box.w * box.h;
        break;
      }
      default:
        break;
    }
  }
  return { shapes, imageArea };
}

function isFill(op: number): boolean {
  return op === OPS.fill || op === OPS.eoFill || op === OPS.fillStroke || op === OPS.eoFillStroke || op === OPS.closeFillStroke || op === OPS.closeEOFillStroke;
}

function colorOf(args: unknown[]): string | null {
  const a = args[0];
  if (typeof a === 'string' && /^#[0-9a-f]{6}$/i.test(a)) return a.toLowerCase();
  if (args.length === 3 && args.every((v) => typeof v === 'number')) {
    const hex = (args as number[]).map((v) => Math.round(v > 1 ? v : v * 255).toString(16).padStart(2, '0')).join('');
    return `#${hex}`;
  }
  if (args.length === 1 && typeof a === 'number') {
    const g = Math.round((a > 1 ? a : a * 255)).toString(16).padStart(2, '0');
    return `#${g}${g}${g}`;
  }
  return null;
}

function transformBox(x0: number, y0: number, x1: number, y1: number, m: Matrix) {
  const [a, b, c, d, e, f] = m as [number, number, number, number, number, number];
  const ax = a * x0 + c * y0 + e, ay = b * x0 + d * y0 + f;
  const bx = a * x1 + c * y0 + e, by = b * x1 + d * y0 + f;
  const cx = a * x0 + c * y1 + e, cy = b * x0 + d * y1 + f;
  const dx = a * x1 + c * y1 + e, dy = b * x1 + d * y1 + f;
  const x = Math.min(ax, bx, cx, dx);
  const y = Math.min(ay, by, cy, dy);
  return { x, y, w: Math.max(ax, bx, cx, dx) - x, h: Math.max(ay, by, cy, dy) - y };
}
