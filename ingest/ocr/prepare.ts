import { createCanvas, type Canvas, type Image } from '@napi-rs/canvas';
import type { Shape } from '../pdf/types.ts';
import { grayPnm } from './raster.ts';
import { findShapes } from './rules.ts';

/** Skew angles tried, in degrees either way; scans are turned slightly, not rotated. */
const MAX_SKEW_DEG = 3;
const INK = 128;

export interface PreparedPage {
  /** The page straightened, with light-on-dark header text turned dark-on-light. */
  canvas: Canvas;
  /** The same as grayscale PGM, for tesseract. */
  pnm: Buffer;
  /** The skew that was rotated out, in radians (raster y downwards: positive is text falling to the right). */
  skew: number;
  /** Rules and dark fills of the straightened page, in PDF points. */
  shapes: Shape[];
}

/**
 * Readies a page raster for OCR: estimates its skew from the ink's row profile and rotates it out, finds the
 * table rules and shaded bands, and inverts the bands' light text (tesseract misreads it, and reads the fill's
 * scan grain as letters). The word boxes OCR returns are then in the same straightened frame as the shapes.
 */
export function preparePage(img: Canvas, pxPerPt: number): PreparedPage {
  const skew = estimateSkew(img);

  // Rules are found at half resolution (150 dpi: a 0.8 pt rule is still 1–2 pixels), which is four times faster.
  const half = draw(img, 0.5, skew);
  const { shapes, bands } = findShapes(half.data, half.width, half.height, pxPerPt * 0.5);

  const full = createCanvas(img.width, img.height);
  const ctx = full.getContext('2d');
  paintRotated(ctx, img, 1, skew);
  for (const b of bands) {
    // A pixel inside the band's outline, shrunk by a pixel or two at full size to leave its edge alone.
    const x0 = b.x0 * 2 + 2;
    const y0 = b.y0 * 2 + 2;
    const w = (b.x1 - b.x0 + 1) * 2 - 4;
    const h = (b.y1 - b.y0 + 1) * 2 - 4;
    if (w <= 0 || h <= 0) continue;
    const region = ctx.getImageData(x0, y0, w, h);
    const d = region.data;
    for (let p = 0; p < d.length; p += 4) {
      const v = 0.299 * d[p]! + 0.587 * d[p + 1]! + 0.114 * d[p + 2]! < INK ? 255 : 0;
      d[p] = d[p + 1] = d[p + 2] = v;
    }
    ctx.putImageData(region, x0, y0);
  }
  return { canvas: full, pnm: grayPnm(full), skew, shapes };
}

function paintRotated(ctx: ReturnType<ReturnType<typeof createCanvas>['getContext']>, img: Image | Canvas, scale: number, skew: number): void {
  const W = Math.round(img.width * scale);
  const H = Math.round(img.height * scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);
  ctx.save();
  // Rotating by −skew about the centre, the same mapping as the word boxes' (words.ts).
  ctx.translate(W / 2, H / 2);
  ctx.scale(scale, scale);
  ctx.rotate(-skew);
  ctx.translate(-img.width / 2, -img.height / 2);
  ctx.drawImage(img, 0, 0);
  ctx.restore();
}

function draw(img: Image | Canvas, scale: number, skew: number): { data: Uint8ClampedArray; width: number; height: number } {
  const W = Math.round(img.width * scale);
  const H = Math.round(img.height * scale);
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  paintRotated(ctx, img, scale, skew);
  return { data: ctx.getImageData(0, 0, W, H).data, width: W, height: H };
}

/**
 * Projection-profile skew estimate: the angle at which the ink, projected onto rows, is most concentrated (text
 * lines and rules line up). Coarse search in 0.1° steps, then 0.02° around the best, on a quarter-size raster.
 */
export function estimateSkew(img: Image | Canvas): number {
  const { data, width: W, height: H } = draw(img, 0.25, 0);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const p = (y * W + x) * 4;
      if (0.299 * data[p]! + 0.587 * data[p + 1]! + 0.114 * data[p + 2]! < INK) {
        xs.push(x - W / 2);
        ys.push(y - H / 2);
      }
    }
  }
  if (xs.length < 100) return 0;
  const rows = new Float64Array(H * 2 + 8);
  const score = (deg: number) => {
    const a = (deg * Math.PI) / 180;
    const sin = Math.sin(a);
    const cos = Math.cos(a);
    rows.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const y = Math.round(-xs[i]! * sin + ys[i]! * cos + H);
      if (y >= 0 && y < rows.length) rows[y]! += 1;
    }
    let s = 0;
    for (let i = 0; i < rows.length; i++) s += rows[i]! * rows[i]!;
    return s;
  };
  let best = 0;
  let bestScore = -1;
  for (let d = -MAX_SKEW_DEG; d <= MAX_SKEW_DEG + 1e-9; d += 0.1) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  const coarse = best;
  for (let d = coarse - 0.1; d <= coarse + 0.1 + 1e-9; d += 0.02) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  return (best * Math.PI) / 180;
}
