import type { PageContent, TextItem } from '../pdf/types.ts';
import { buildLines, type Segment } from './lines.ts';

/** A piece of page furniture taken off a page: a running header or footer, or a page number. */
export interface RemovedFurniture {
  page: number;
  kind: 'header' | 'footer' | 'page-number';
  text: string;
  top: number;
  fontSize: number;
}

export interface FurnitureResult {
  /** The pages without their furniture items. */
  pages: PageContent[];
  /** The distinct running header and footer texts, as first printed. */
  furniture: string[];
  removed: RemovedFurniture[];
}

export interface FurnitureOptions {
  /** Fraction of the page height, from the top, where running headers live. */
  topBand: number;
  /** Fraction of the page height, from the bottom, where running footers and page numbers live. */
  bottomBand: number;
  /** A text repeated at the same place on at least this share of the pages is furniture. */
  minShare: number;
}

// The bottom band is generous: LibreOffice exports put the page number ~12 % above the bottom edge.
const DEFAULTS: FurnitureOptions = { topBand: 0.12, bottomBand: 0.14, minShare: 0.3 };

const PAGE_NUMBER = [
  /^(\d{1,4})$/,
  /^(\d{1,4})\s*\(\s*(\d{1,4})\s*\)$/,
  /^(\d{1,4})\s*(?:\/|av|of)\s*(\d{1,4})$/i,
  /^(?:sida|sid|s\.|page|p\.)\s*(\d{1,4})(?:\s*(?:\(\s*(\d{1,4})\s*\)|(?:av|of|\/)\s*(\d{1,4})))?$/i,
  /^[-–—]\s*(\d{1,4})\s*[-–—]$/,
];

interface Candidate {
  page: number;
  segment: Segment;
  band: 'header' | 'footer';
}

/** Removes running headers, running footers and page numbers: text in the top or bottom band that repeats (digits
 * aside) at the same height on many pages, and page numbers that follow the physical page order. */
export function stripFurniture(pages: PageContent[], options: Partial<FurnitureOptions> = {}): FurnitureResult {
  const opts = { ...DEFAULTS, ...options };
  const candidates: Candidate[] = [];
  for (const page of pages) {
    for (const line of buildLines(page.number, page.items)) {
      const band = line.bottom <= page.height * opts.topBand ? 'header' : line.top >= page.height * (1 - opts.bottomBand) ? 'footer' : null;
      if (!band) continue;
      for (const segment of line.segments) candidates.push({ page: page.number, segment, band });
    }
  }

  const taken = new Map<Candidate, RemovedFurniture['kind']>();
  for (const c of pageNumbers(candidates)) taken.set(c, 'page-number');

  const textPages = pages.filter((p) => p.items.length > 0).length;
  const minPages = Math.max(2, Math.ceil(opts.minShare * textPages));
  const byKey = new Map<string, Candidate[]>();
  for (const c of candidates) {
    if (taken.has(c)) continue;
    const key = `${c.band}|${normalise(c.segment.text)}`;
    if (!/\p{L}/u.test(key)) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), c]);
  }
  const furniture: string[] = [];
  for (const group of byKey.values()) {
    for (const cluster of clustersByHeight(group)) {
      if (new Set(cluster.map((c) => c.page)).size < minPages) continue;
      for (const c of cluster) taken.set(c, c.band);
      furniture.push(cluster[0]!.segment.text);
    }
  }

  const dropped = new Set<TextItem>();
  const removed: RemovedFurniture[] = [];
  for (const [c, kind] of taken) {
    for (const item of c.segment.items) dropped.add(item);
    removed.push({ page: c.page, kind, text: c.segment.text, top: c.segment.top, fontSize: c.segment.fontSize });
  }
  removed.sort((a, b) => a.page - b.page || a.top - b.top);
  return {
    pages: pages.map((p) => (p.items.some((i) => dropped.has(i)) ? { ...p, items: p.items.filter((i) => !dropped.has(i)) } : p)),
    furniture,
    removed,
  };
}

/** Digits folded to `#`, case and spacing ignored: `Sida 3 av 12` and `Sida 4 av 12` are the same furniture. */
function normalise(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

/** Occurrences grouped by height on the page: a running header sits at the same place on every page. */
function clustersByHeight(group: Candidate[]): Candidate[][] {
  const sorted = [...group].sort((a, b) => a.segment.top - b.segment.top);
  const clusters: Candidate[][] = [];
  for (const c of sorted) {
    const last = clusters.at(-1);
    const tolerance = Math.max(3, 0.5 * c.segment.fontSize);
    if (last && c.segment.top - last[0]!.segment.top <= tolerance) last.push(c);
    else clusters.push([c]);
  }
  return clusters;
}

/** Band segments that read as page numbers and keep one offset from the physical page number (a document may
 * start its count on the cover or after it); with a stated total (`3(12)`, `Sida 3 av 12`) one is enough. */
function pageNumbers(candidates: Candidate[]): Candidate[] {
  const read: { c: Candidate; n: number; total: number | null }[] = [];
  for (const c of candidates) {
    const text = c.segment.text.trim();
    for (const re of PAGE_NUMBER) {
      const m = re.exec(text);
      if (!m) continue;
      const total = m[2] ?? m[3];
      read.push({ c, n: Number(m[1]), total: total ? Number(total) : null });
      break;
    }
  }
  const offsets = new Map<number, number>();
  for (const r of read) offsets.set(r.n - r.c.page, (offsets.get(r.n - r.c.page) ?? 0) + 1);
  const [bestOffset, count] = [...offsets.entries()].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  return read
    .filter((r) => (r.n - r.c.page === bestOffset && (count >= 2 || r.total !== null)) || (r.total !== null && r.n <= r.total))
    .map((r) => r.c);
}
