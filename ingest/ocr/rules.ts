import type { Shape, TextItem } from '../pdf/types.ts';

/** Darker than this (0–255 luminance) is ink. Lenient: a grey 0.8 pt rule comes out light and broken in a scan. */
const INK = 200;
/** A horizontal rule is at least this long, in points (the narrowest corpus table is 430 pt wide, cells 64 pt). */
const MIN_H_RULE_PT = 30;
/** A vertical rule is at least this long (one 15.7 pt table row, less its rules and scan loss; letters are shorter). */
const MIN_V_RULE_PT = 9;
/** …made of pieces at least this long, with gaps up to V_GAP_PT (text lines are further apart). */
const MIN_V_PIECE_PT = 3;
const V_GAP_PT = 3;
/** Thicker than this, a dark horizontal run is a filled band (a shaded header row), not a rule. */
const MAX_RULE_PT = 3;
/** Pieces of one faint rule (a light grey 0.8 pt line breaks up in the scan) are joined across gaps up to this. */
const MAX_GAP_PT = 20;
/** Ink gaps up to this many pixels do not break a run (scan noise, JPEG ringing). */
const GAP_PX = 2;

/**
 * Ruling lines and dark fills of a (deskewed) scanned page, in PDF points, as the text layer of a born-digital page
 * would give them (thin filled rectangles, shaded cell bands), so that the geometry table extractor can frame
 * tables on OCR'd pages the same way. `data` is RGBA at `pxPerPt` pixels per point; the bands are also returned in
 * pixels, for inverting their text before OCR.
 */
export function findShapes(data: Uint8ClampedArray, W: number, H: number, pxPerPt: number): { shapes: Shape[]; bands: Box[] } {
  const ink = new Uint8Array(W * H);
  for (let i = 0, p = 0; i < ink.length; i++, p += 4) ink[i] = 0.299 * data[p]! + 0.587 * data[p + 1]! + 0.114 * data[p + 2]! < INK ? 1 : 0;
  const ptPerPx = 1 / pxPerPt;
  const pxOf = (pt: number) => Math.round(pt / ptPerPx);

  // Horizontal: pixels on long ink runs, grouped into components; thin ones are rules, thick ones filled bands.
  const hMask = runMask(ink, W, H, pxOf(MIN_H_RULE_PT), true);
  const hBoxes = components(hMask, W, H);
  const rules: Box[] = [];
  const bands: Box[] = [];
  for (const b of hBoxes) {
    if (b.x1 - b.x0 + 1 < pxOf(MIN_H_RULE_PT)) continue;
    if (b.y1 - b.y0 + 1 <= pxOf(MAX_RULE_PT)) rules.push(b);
    else bands.push(b);
  }
  // Vertical: long ink runs outside the bands (whose inside is ink everywhere) that end on a rule or a band, which
  // tells a table's column rule from a tall letter.
  const inBand = (x: number, y: number) => bands.some((b) => x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1);
  // Faint rules break up: pieces of a few points are joined along their line first, then measured.
  const vMask = runMask(ink, W, H, pxOf(MIN_V_PIECE_PT), false);
  // Ink that runs wider than a rule is thick horizontally (a band's edge, a rule crossing): not part of a column rule,
  // and left in it would join all the column rules it touches into one wide shape.
  const wide = runMask(ink, W, H, pxOf(MAX_RULE_PT) + 1, true);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (vMask[y * W + x] && (wide[y * W + x] || inBand(x, y))) vMask[y * W + x] = 0;
  const near = pxOf(2);
  const touches = (v: Box, b: Box) =>
    v.x1 >= b.x0 - near && v.x0 <= b.x1 + near && (Math.abs(v.y0 - b.y1) <= near || Math.abs(v.y1 - b.y0) <= near || (v.y0 <= b.y1 && v.y1 >= b.y0));
  const vPieces = components(vMask, W, H).filter((v) => v.x1 - v.x0 + 1 <= pxOf(MAX_RULE_PT));
  const vRules = joinCollinear(vPieces, false, pxOf(1.2), pxOf(V_GAP_PT)).filter(
    (v) => v.y1 - v.y0 + 1 >= pxOf(MIN_V_RULE_PT) && v.x1 - v.x0 + 1 <= pxOf(MAX_RULE_PT) && [...rules, ...bands].some((b) => touches(v, b)),
  );

  const shapes: Shape[] = [];
  const RULE = 0.8;
  for (const r of joinCollinear(rules, true, pxOf(1.2), pxOf(MAX_GAP_PT))) {
    const y = ((r.y0 + r.y1 + 1) / 2) * ptPerPx;
    shapes.push({ kind: 'fill', color: null, x: r.x0 * ptPerPx, y: y - RULE / 2, w: (r.x1 - r.x0 + 1) * ptPerPx, h: RULE });
  }
  for (const v of joinCollinear(vRules, false, pxOf(1.2), pxOf(MAX_GAP_PT))) {
    const x = ((v.x0 + v.x1 + 1) / 2) * ptPerPx;
    shapes.push({ kind: 'fill', color: null, x: x - RULE / 2, y: v.y0 * ptPerPx, w: RULE, h: (v.y1 - v.y0 + 1) * ptPerPx });
  }
  for (const b of bands) {
    shapes.push({
      kind: 'fill',
      color: meanInk(data, ink, W, b),
      x: b.x0 * ptPerPx,
      y: b.y0 * ptPerPx,
      w: (b.x1 - b.x0 + 1) * ptPerPx,
      h: (b.y1 - b.y0 + 1) * ptPerPx,
    });
  }
  return { shapes, bands };
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Joins rule pieces that lie on one line (same y for horizontal, same x for vertical) with small gaps between. */
function joinCollinear(boxes: Box[], horizontal: boolean, tol: number, maxGap: number): Box[] {
  const pos = (b: Box) => (horizontal ? (b.y0 + b.y1) / 2 : (b.x0 + b.x1) / 2);
  const lo = (b: Box) => (horizontal ? b.x0 : b.y0);
  const hi = (b: Box) => (horizontal ? b.x1 : b.y1);
  const sorted = [...boxes].sort((a, b) => pos(a) - pos(b) || lo(a) - lo(b));
  const out: Box[] = [];
  for (const b of sorted) {
    const prev = out.find((o) => Math.abs(pos(o) - pos(b)) <= tol && lo(b) - hi(o) <= maxGap && lo(o) - hi(b) <= maxGap);
    if (prev) {
      prev.x0 = Math.min(prev.x0, b.x0);
      prev.y0 = Math.min(prev.y0, b.y0);
      prev.x1 = Math.max(prev.x1, b.x1);
      prev.y1 = Math.max(prev.y1, b.y1);
    } else out.push({ ...b });
  }
  return out;
}

/** Marks the ink pixels that lie on a run (horizontal or vertical) of at least `minLen`, bridging small gaps. */
function runMask(ink: Uint8Array, W: number, H: number, minLen: number, horizontal: boolean): Uint8Array {
  const out = new Uint8Array(W * H);
  const [outer, inner] = horizontal ? [H, W] : [W, H];
  const at = horizontal ? (o: number, i: number) => o * W + i : (o: number, i: number) => i * W + o;
  for (let o = 0; o < outer; o++) {
    let start = -1;
    let lastInk = -1;
    const close = () => {
      if (start >= 0 && lastInk - start + 1 >= minLen) for (let i = start; i <= lastInk; i++) if (ink[at(o, i)]) out[at(o, i)] = 1;
    };
    for (let i = 0; i < inner; i++) {
      if (!ink[at(o, i)]) continue;
      if (start < 0 || i - lastInk > GAP_PX + 1) {
        close();
        start = i;
      }
      lastInk = i;
    }
    close();
  }
  return out;
}

/** Bounding boxes of 8-connected components of a mask. */
function components(mask: Uint8Array, W: number, H: number): Box[] {
  const seen = new Uint8Array(W * H);
  const boxes: Box[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    const box = { x0: W, y0: H, x1: -1, y1: -1 };
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop()!;
      const x = p % W;
      const y = (p - x) / W;
      if (x < box.x0) box.x0 = x;
      if (x > box.x1) box.x1 = x;
      if (y < box.y0) box.y0 = y;
      if (y > box.y1) box.y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= W || ny >= H) continue;
          const q = ny * W + nx;
          if (mask[q] && !seen[q]) {
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
    }
    boxes.push(box);
  }
  return boxes;
}

/** The mean colour of the ink in a box, as `#rrggbb`, quantised so that bands of one colour compare equal. */
function meanInk(data: Uint8ClampedArray, ink: Uint8Array, W: number, b: Box): string {
  let r = 0;
  let g = 0;
  let bl = 0;
  let n = 0;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let x = b.x0; x <= b.x1; x++) {
      const i = y * W + x;
      if (!ink[i]) continue;
      r += data[i * 4]!;
      g += data[i * 4 + 1]!;
      bl += data[i * 4 + 2]!;
      n++;
    }
  }
  const q = (v: number) => Math.min(255, Math.round(v / Math.max(n, 1) / 32) * 32);
  return `#${[q(r), q(g), q(bl)].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * A scanned header band is one dark area, but the born-digital original draws one fill per header cell. Where the
 * body's column rules end on the band, the band is cut there too (unless a header word crosses the cut), so that the
 * header cells line up with the columns below as they do on a text-layer page.
 */
export function splitBands(shapes: readonly Shape[], items: readonly TextItem[]): Shape[] {
  const isBand = (s: Shape) => s.color !== null && s.w > MAX_RULE_PT && s.h > MAX_RULE_PT;
  const vRules = shapes.filter((s) => !isBand(s) && s.w < s.h);
  const out: Shape[] = [];
  for (const s of shapes) {
    if (!isBand(s)) {
      out.push(s);
      continue;
    }
    const cuts = vRules
      .filter((v) => {
        const x = v.x + v.w / 2;
        const endsOnBand = Math.abs(v.y - (s.y + s.h)) <= 3 || Math.abs(v.y + v.h - s.y) <= 3;
        const inside = x > s.x + 3 && x < s.x + s.w - 3;
        const crossed = items.some((it) => it.x < x - 1 && it.x + it.w > x + 1 && it.baseline > s.y && it.top < s.y + s.h);
        return endsOnBand && inside && !crossed;
      })
      .map((v) => v.x + v.w / 2)
      .sort((a, b) => a - b);
    let x0 = s.x;
    for (const x of [...new Set(cuts.map((c) => Math.round(c * 2) / 2)), s.x + s.w]) {
      if (x - x0 < 1) continue;
      out.push({ ...s, x: x0, w: x - x0 });
      x0 = x;
    }
  }
  return out;
}
