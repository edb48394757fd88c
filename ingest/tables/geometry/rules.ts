import type { PageContent, Rect } from '../../pdf/types.ts';

/** A horizontal boundary: a thin rule, or the top or bottom edge of a cell fill. */
export interface HRule {
  y: number;
  x0: number;
  x1: number;
}

/** A vertical boundary: a thin rule, or the left or right edge of a cell fill. */
export interface VRule {
  x: number;
  y0: number;
  y1: number;
}

export interface Fill extends Rect {
  color: string | null;
}

/** A connected group of rules and fills: the frame of one ruled or shaded table (or of a box or chart). */
export interface RuledRegion {
  bbox: Rect;
  h: HRule[];
  v: VRule[];
  fills: Fill[];
}

const THIN = 2;

/**
 * Reads a page's rules and cell fills and groups touching ones into regions. Chrome and Word draw cell borders
 * as thin filled rectangles, other producers as strokes or as adjoining cell fills; all count.
 */
export function ruledRegions(page: PageContent): RuledRegion[] {
  const pageArea = page.width * page.height;
  const parts: { rect: Rect; h: HRule[]; v: VRule[]; fill: Fill | null }[] = [];
  const shapes = page.shapes.filter((s) => !(s.w < THIN && s.h < THIN) && s.w * s.h <= 0.5 * pageArea);
  // A fill inside a larger fill of the same colour is a paragraph's background within a cell (LibreOffice),
  // not a cell: its edges would split rows and columns.
  const big = shapes.filter((s) => s.kind === 'fill' && s.w >= THIN && s.h >= THIN).sort((a, b) => b.w * b.h - a.w * a.h);
  const nested = new Set(
    big.filter((s, i) =>
      big.some(
        (o, j) =>
          j < i &&
          o.color === s.color &&
          o.w * o.h > s.w * s.h + 1 &&
          s.x >= o.x - 0.5 && s.y >= o.y - 0.5 && s.x + s.w <= o.x + o.w + 0.5 && s.y + s.h <= o.y + o.h + 0.5,
      ),
    ),
  );
  for (const s of shapes) {
    if (nested.has(s)) continue;
    if (s.h < THIN) parts.push({ rect: s, h: [{ y: s.y + s.h / 2, x0: s.x, x1: s.x + s.w }], v: [], fill: null });
    else if (s.w < THIN) parts.push({ rect: s, h: [], v: [{ x: s.x + s.w / 2, y0: s.y, y1: s.y + s.h }], fill: null });
    else {
      const h = [
        { y: s.y, x0: s.x, x1: s.x + s.w },
        { y: s.y + s.h, x0: s.x, x1: s.x + s.w },
      ];
      const v = [
        { x: s.x, y0: s.y, y1: s.y + s.h },
        { x: s.x + s.w, y0: s.y, y1: s.y + s.h },
      ];
      parts.push({ rect: s, h, v, fill: s.kind === 'fill' ? { x: s.x, y: s.y, w: s.w, h: s.h, color: s.color } : null });
    }
  }
  // Union-find over touching boxes, sweeping by x so the work stays near-linear on rule-heavy pages.
  const parent = parts.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const tol = 1.5;
  const order = parts.map((_, i) => i).sort((a, b) => parts[a]!.rect.x - parts[b]!.rect.x);
  const active: number[] = [];
  for (const i of order) {
    const a = parts[i]!.rect;
    for (let k = active.length - 1; k >= 0; k--) {
      const j = active[k]!;
      const b = parts[j]!.rect;
      if (b.x + b.w + tol < a.x) {
        active.splice(k, 1);
        continue;
      }
      if (a.y <= b.y + b.h + tol && b.y <= a.y + a.h + tol) parent[find(i)] = find(j);
    }
    active.push(i);
  }
  const groups = new Map<number, RuledRegion>();
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const root = find(i);
    let g = groups.get(root);
    if (!g) {
      g = { bbox: { ...p.rect }, h: [], v: [], fills: [] };
      groups.set(root, g);
    } else {
      const x1 = Math.max(g.bbox.x + g.bbox.w, p.rect.x + p.rect.w);
      const y1 = Math.max(g.bbox.y + g.bbox.h, p.rect.y + p.rect.h);
      g.bbox.x = Math.min(g.bbox.x, p.rect.x);
      g.bbox.y = Math.min(g.bbox.y, p.rect.y);
      g.bbox.w = x1 - g.bbox.x;
      g.bbox.h = y1 - g.bbox.y;
    }
    g.h.push(...p.h);
    g.v.push(...p.v);
    if (p.fill) g.fills.push(p.fill);
  }
  return [...groups.values()].filter((g) => g.bbox.w > 30 && g.bbox.h > 8);
}

/** Sorted positions with those closer than `tol` merged (to their mean). */
export function clusterPositions(values: number[], tol: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of sorted) {
    const cur = out.at(-1);
    if (cur && v - cur.at(-1)! <= tol) cur.push(v);
    else out.push([v]);
  }
  return out.map((c) => c.reduce((s, v) => s + v, 0) / c.length);
}
