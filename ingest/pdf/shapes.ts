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
        break;
      }
      case OPS.transform:
        ctm = Util.transform(ctm, args as Matrix) as Matrix;
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
        const box = transformBox([mm[0]!, mm[1]!, mm[2]!, mm[3]!], Util.transform(viewportTransform, ctm) as Matrix);
        shapes.push({ ...box, kind, color: kind === 'fill' ? fill : stroke });
        break;
      }
      case OPS.paintImageXObject:
      case OPS.paintInlineImageXObject:
      case OPS.paintImageMaskXObject: {
        const box = transformBox([0, 0, 1, 1], Util.transform(viewportTransform, ctm) as Matrix);
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

function transformBox([x0, y0, x1, y1]: number[], m: Matrix) {
  const apply = (x: number, y: number) => [m[0]! * x + m[2]! * y + m[4]!, m[1]! * x + m[3]! * y + m[5]!];
  const pts = [apply(x0!, y0!), apply(x1!, y0!), apply(x0!, y1!), apply(x1!, y1!)];
  const xs = pts.map((p) => p[0]!);
  const ys = pts.map((p) => p[1]!);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
}
