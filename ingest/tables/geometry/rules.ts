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

/**
 * Frames of tables drawn with horizontal rules only (a ledger: a rule or a header bar, then a rule between rows):
 * horizontal rules and fill edges of one extent stacked down the page, three or more, with text of one size between
 * them. The last row, under the last rule, is taken in when it starts right below it. `lineSize(y0, y1)` gives the
 * median font size of the text between two heights (0 when there is none).
 */
export function ruleStacks(page: PageContent, lineSize: (y0: number, y1: number) => number): RuledRegion[] {
  const pageArea = page.width * page.height;
  const pieces: HRule[] = [];
  const fills: Fill[] = [];
  for (const s of page.shapes) {
    if (s.w < THIN || s.w * s.h > 0.5 * pageArea) continue;
    if (s.h < THIN) pieces.push({ y: s.y + s.h / 2, x0: s.x, x1: s.x + s.w });
    else if (s.kind === 'fill') {
      pieces.push({ y: s.y, x0: s.x, x1: s.x + s.w }, { y: s.y + s.h, x0: s.x, x1: s.x + s.w });
      fills.push({ x: s.x, y: s.y, w: s.w, h: s.h, color: s.color });
    }
  }
  // Pieces on one height that touch make one rule (Chrome draws a row's rule cell by cell).
  pieces.sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const rules: HRule[] = [];
  for (const p of pieces) {
    const r = rules.find((q) => Math.abs(q.y - p.y) <= 1 && p.x0 <= q.x1 + 1.5 && p.x1 >= q.x0 - 1.5);
    if (r) {
      r.x0 = Math.min(r.x0, p.x0);
      r.x1 = Math.max(r.x1, p.x1);
    } else rules.push({ ...p });
  }
  const byExtent: HRule[][] = [];
  for (const r of rules.filter((r) => r.x1 - r.x0 >= 0.25 * page.width).sort((a, b) => a.y - b.y)) {
    const g = byExtent.find((g) => Math.abs(g[0]!.x0 - r.x0) <= 2 && Math.abs(g[0]!.x1 - r.x1) <= 2);
    if (g) g.push(r);
    else byExtent.push([r]);
  }
  const out: RuledRegion[] = [];
  for (const g of byExtent) {
    // Chains of rules with text of one size between them.
    let chain: HRule[] = [g[0]!];
    let size = 0;
    const flush = () => {
      if (chain.length >= 3) {
        const x0 = Math.min(...chain.map((r) => r.x0));
        const x1 = Math.max(...chain.map((r) => r.x1));
        const y0 = chain[0]!.y;
        const y1 = chain.at(-1)!.y;
        const inside = fills.filter((f) => f.y >= y0 - 1 && f.y + f.h <= y1 + 1 && f.x >= x0 - 1 && f.x + f.w <= x1 + 1);
        out.push({ bbox: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }, h: [...chain], v: [], fills: inside });
      }
    };
    // A header bar: a fill whose top edge is one of the rules. A second bar further down starts a new table.
    const barTop = (r: HRule) => fills.some((f) => Math.abs(f.y - r.y) <= 1 && f.x <= r.x0 + 2 && f.x + f.w >= r.x0);
    for (const r of g.slice(1)) {
      const prev = chain.at(-1)!;
      const s = lineSize(prev.y, r.y);
      const far = r.y - prev.y > 0.4 * page.height;
      const newBar = barTop(r) && chain.some(barTop);
      if (far || newBar || (s > 0 && size > 0 && Math.abs(s - size) > 0.1 * size)) {
        flush();
        chain = [r];
        size = 0;
        continue;
      }
      if (s > 0) size = size || s;
      chain.push(r);
    }
    flush();
  }
  return out;
}
