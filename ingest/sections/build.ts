import type { Section } from '../../src/model/document.ts';
import type { Line } from '../layout/lines.ts';
import type { PageContent, Rect, StructNode } from '../pdf/types.ts';
import { joinWrapped } from './text.ts';

export interface Region {
  page: number;
  bbox: Rect;
}

type Kind = 'text' | 'table' | 'toc' | 'cover' | 'marker';

interface Row {
  line: Line;
  page: number;
  kind: Kind;
  /** Heading level from an H1–H6 tag, and which tag node the line belongs to. */
  tagLevel: number | null;
  tagNode: number | null;
}

interface Heading {
  rows: Row[];
  number: string | null;
  text: string;
  level: number;
  style: string;
  size: number;
  bold: boolean;
}

/** Heading numbering: `5`, `5.1.3`, `4.` — at most two digits a part, so that years and amounts are not read as it. */
const NUMBERED = /^([1-9]\d?(?:\.\d{1,2})*)\.?\s+(\S.*)$/u;
const TOC_TITLE = /^(innehåll|innehållsförteckning|innehåll\s*förteckning|table of contents|contents)$/iu;
/** A leader run (dots or any repeated filler glyph) with an optional page number at the end of the line. */
const TOC_ENTRY = /([^\p{L}\p{N}\s])\1{3,}\s*\d{0,4}\s*$/u;

/** Sections from headings: H1–H6 tags where the document carries them, else numbering, font size, weight and spacing.
 * A section's text is the prose up to the next heading, without tables, the table of contents or a cover page. */
export function buildSections(pages: PageContent[], linesByPage: Map<number, Line[]>, tables: Region[]): Section[] {
  const ordered = [...pages].sort((a, b) => a.number - b.number);
  const rows: Row[] = [];
  let tagged = 0;
  const tagsOn = new Set<number>();
  for (const page of ordered) {
    const lines = [...(linesByPage.get(page.number) ?? [])].sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
    const tags = page.struct ? tagIndex(page.struct) : null;
    if (tags) tagsOn.add(page.number);
    const regions = tables.filter((t) => t.page === page.number);
    for (const line of lines) {
      const tag = tags ? tagOf(line, tags) : { level: null, node: null, table: false };
      if (tag.level !== null) tagged++;
      const inTable = tag.table || regions.some((r) => inRegion(line, r.bbox)) || looksTabular(line);
      rows.push({ line, page: page.number, kind: inTable ? 'table' : 'text', tagLevel: tag.level, tagNode: tag.node });
    }
  }
  // A tagged file whose tags name no headings (LibreOffice Draw tags everything P) is read as untagged.
  const useTags = tagged >= 2;
  const body = bodySize(rows);
  markCover(rows, body);
  markToc(rows);
  markFootnoteMarkers(rows, body);
  const metrics: Metrics = { body, paragraphPitchEm: paragraphPitchEm(rows, body) };

  const right = textRight(rows, body);
  const headings = findHeadings(
    rows,
    (r, i, prevAccepted) => (useTags && tagsOn.has(r.page) ? r.tagLevel !== null : isHeadingLine(rows, i, metrics, prevAccepted)),
    (page) => right.get(page) ?? Math.max(...right.values(), 0),
  );
  // A run of bold body text that ends in a full stop is an emphasised paragraph, not a heading.
  const kept = headings.filter((h) => h.level > 0 || h.number !== null || h.size >= 1.12 * body || !/\.$/.test(h.text));
  assignLevels(kept, useTags);
  return toSections(rows, kept);
}

interface TagInfo {
  level: number | null;
  node: number | null;
  table: boolean;
}

/** Marked-content id → the nearest H1–H6 ancestor (level and node) and whether it sits in a table. */
function tagIndex(root: StructNode): Map<string, TagInfo> {
  const out = new Map<string, TagInfo>();
  let counter = 0;
  const walk = (n: StructNode, heading: { level: number; node: number } | null, table: boolean) => {
    const m = /^H([1-6])$/.exec(n.role);
    const here = m ? { level: Number(m[1]), node: counter++ } : heading;
    const inTable = table || n.role === 'Table';
    for (const id of n.mcids) out.set(id, { level: here?.level ?? null, node: here?.node ?? null, table: inTable });
    for (const c of n.children) walk(c, here, inTable);
  };
  walk(root, null, false);
  return out;
}

function tagOf(line: Line, tags: Map<string, TagInfo>): TagInfo {
  const votes = new Map<string, { info: TagInfo; chars: number }>();
  let total = 0;
  let tableChars = 0;
  for (const it of line.items) {
    const chars = it.str.trim().length;
    total += chars;
    const info = it.mcid ? tags.get(it.mcid) : undefined;
    if (!info) continue;
    if (info.table) tableChars += chars;
    const key = `${info.level}|${info.node}`;
    const v = votes.get(key) ?? { info, chars: 0 };
    v.chars += chars;
    votes.set(key, v);
  }
  const best = [...votes.values()].sort((a, b) => b.chars - a.chars)[0];
  const heading = best && best.info.level !== null && best.chars * 2 > total ? best.info : null;
  return { level: heading?.level ?? null, node: heading?.node ?? null, table: tableChars * 2 > total };
}

function inRegion(line: Line, r: Rect): boolean {
  const mid = (line.top + line.bottom) / 2;
  return mid >= r.y - 2 && mid <= r.y + r.h + 2 && line.x1 > r.x && line.x0 < r.x + r.w;
}

/** A row of four or more cells, or three mostly numeric: a table row even where no table region was found. */
function looksTabular(line: Line): boolean {
  if (line.segments.length >= 4) return true;
  if (line.segments.length < 3) return false;
  const numeric = line.segments.filter((s) => /^[-–−(]?\s?[\d\s.,%]+\)?\s?(%|kr|tkr|mnkr)?$/u.test(s.text.trim()));
  return numeric.length * 2 >= line.segments.length;
}

/** The right edge of the text column per page: where the longest body lines end. */
function textRight(rows: Row[], body: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of rows) {
    if (r.kind !== 'text' || Math.abs(r.line.fontSize - body) > 0.6) continue;
    out.set(r.page, Math.max(out.get(r.page) ?? 0, r.line.x1));
  }
  return out;
}

/** The prose font size: the most common size by characters. */
function bodySize(rows: Row[]): number {
  const votes = new Map<number, number>();
  for (const r of rows) {
    if (r.kind !== 'text') continue;
    const size = Math.round(r.line.fontSize * 2) / 2;
    votes.set(size, (votes.get(size) ?? 0) + r.line.text.length);
  }
  return [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
}

/** A first page with display type and hardly any prose is a cover: its title is metadata, not a section. */
function markCover(rows: Row[], body: number): void {
  const firstPage = rows[0]?.page;
  if (firstPage === undefined) return;
  const first = rows.filter((r) => r.page === firstPage);
  const prose = first.filter((r) => Math.abs(r.line.fontSize - body) < 1.5 && r.line.text.length > 50).length;
  const display = Math.max(...first.map((r) => r.line.fontSize));
  if (display >= 1.8 * body && prose <= 3) for (const r of first) r.kind = 'cover';
}

/** The table of contents: an `Innehåll` title and the leader-dotted entries after it, or a run of such entries. */
function markToc(rows: Row[]): void {
  const isEntry = (r: Row) => TOC_ENTRY.test(r.line.text) || (r.line.segments.length >= 2 && /^\d{1,3}$/.test(r.line.segments.at(-1)!.text.trim()) && /\p{L}/u.test(r.line.segments[0]!.text) && r.line.segments.length <= 3 && !/\d\s*$/.test(r.line.segments.at(-2)!.text));
  for (let i = 0; i < rows.length; i++) {
    const start = TOC_TITLE.test(rows[i]!.line.text.trim());
    let entries = 0;
    for (let j = i + (start ? 1 : 0); j < Math.min(rows.length, i + 6); j++) if (isEntry(rows[j]!)) entries++;
    if (entries < 3) continue;
    let misses = 0;
    let j = i;
    for (; j < rows.length && misses < 2; j++) {
      const r = rows[j]!;
      if (j === i || isEntry(r)) {
        misses = 0;
        r.kind = 'toc';
      } else if (j + 1 < rows.length && isEntry(rows[j + 1]!) && r.line.text.length < 120) {
        r.kind = 'toc'; // the first line of an entry that wraps
      } else misses++;
    }
    i = j - 1;
  }
}

/** Superscript footnote references sit on a line of their own; they are not text. */
function markFootnoteMarkers(rows: Row[], body: number): void {
  for (const r of rows) if (r.kind === 'text' && /^\d{1,2}$/.test(r.line.text) && r.line.fontSize < 0.92 * body) r.kind = 'marker';
}

function styleOf(line: Line): { key: string; size: number; bold: boolean } {
  const size = Math.round(line.fontSize * 2) / 2;
  return { key: `${size}${line.bold ? 'B' : ''}`, size, bold: line.bold };
}

interface Metrics {
  body: number;
  /** Baseline distance across a paragraph break, in ems of the body size. */
  paragraphPitchEm: number;
}

/** The pitch across a paragraph break: the median of wide pitches between body lines. Headings sit further down. */
function paragraphPitchEm(rows: Row[], body: number): number {
  const pitches: number[] = [];
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1]!;
    const b = rows[i]!;
    if (a.page !== b.page || a.kind !== 'text' || b.kind !== 'text' || a.line.bold || b.line.bold) continue;
    if (Math.abs(a.line.fontSize - body) > 0.6 || Math.abs(b.line.fontSize - body) > 0.6) continue;
    const em = (b.line.baseline - a.line.baseline) / body;
    if (em > 1.5 && em < 4) pitches.push(em);
  }
  pitches.sort((x, y) => x - y);
  return pitches[Math.floor(pitches.length / 2)] ?? 2;
}

/** Untagged heading test: numbered or not, a heading is a short line set larger than the body, or bold at body size
 * with more space above than a paragraph break and no final period; it is never a table cell. A line set tight under
 * the line above is a heading only as the continuation of a heading. */
function isHeadingLine(rows: Row[], i: number, m: Metrics, prevAccepted: boolean): boolean {
  const row = rows[i]!;
  if (row.kind !== 'text') return false;
  const { line } = row;
  const { body } = m;
  const text = line.text.trim();
  if (text.length < 2 || text.length > 160 || !/\p{L}/u.test(text)) return false;
  const segs = line.segments;
  const numberTab = segs.length === 2 && /^\d{1,2}(\.\d{1,2})*\.?$/.test(segs[0]!.text.trim());
  if (segs.length > 1 && !numberTab) return false;
  const large = line.fontSize >= 1.12 * body;
  const bold = line.bold && line.fontSize >= 0.93 * body;
  if (!large && !bold) return false;
  if (text.split(/\s+/).length > 25) return false;
  const numbered = NUMBERED.exec(text);
  if (numbered && !/^\p{L}/u.test(numbered[2]!)) return false;
  let prev: Row | null = null;
  for (let j = i - 1; j >= 0 && rows[j]!.page === row.page; j--) {
    if (rows[j]!.kind !== 'marker') {
      prev = rows[j]!;
      break;
    }
  }
  const next = i + 1 < rows.length && rows[i + 1]!.page === row.page ? rows[i + 1]! : null;
  // A bold row label between table rows.
  if (prev && next && prev.line.segments.length >= 2 && next.line.segments.length >= 2 && !large) {
    if (line.baseline - prev.line.baseline < 2 * line.fontSize) return false;
  }
  if (prev) {
    const pitch = line.baseline - prev.line.baseline;
    if (pitch < 1.45 * Math.max(line.fontSize, prev.line.fontSize)) return prevAccepted && !numbered;
    if (!large && !numbered && prev.kind === 'text' && pitch < Math.max(1.1 * m.paragraphPitchEm * body, 2.2 * line.fontSize)) return false;
  }
  if (large || numbered) return true;
  return !/[.:;,]$/.test(text);
}

/** Heading lines, with a heading that wraps over two or three lines read as one. */
function findHeadings(
  rows: Row[],
  isHeading: (r: Row, i: number, prevAccepted: boolean) => boolean,
  rightOf: (page: number) => number,
): Heading[] {
  const out: Heading[] = [];
  let open: { heading: Heading; last: number } | null = null;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const prevAccepted = open !== null && open.last === lastTextBefore(rows, i);
    if (r.kind !== 'text' || !isHeading(r, i, prevAccepted)) {
      if (r.kind !== 'marker') open = null;
      continue;
    }
    const style = styleOf(r.line);
    const text = r.line.text.replace(/\s+/g, ' ').trim();
    if (open && continues(open.heading, rows[open.last]!, r, style.key, text, rightOf(r.page))) {
      open.heading.rows.push(r);
      open.heading.text = joinWrapped([open.heading.text, text]);
      open.last = i;
      continue;
    }
    const m = NUMBERED.exec(text);
    const heading: Heading = { rows: [r], number: m ? m[1]! : null, text: m ? m[2]! : text, level: r.tagLevel ?? 0, style: style.key, size: style.size, bold: style.bold };
    out.push(heading);
    open = { heading, last: i };
  }
  return out;
}

function lastTextBefore(rows: Row[], i: number): number {
  for (let j = i - 1; j >= 0; j--) if (rows[j]!.kind !== 'marker') return j;
  return -1;
}

/** Whether a heading line carries on the heading above it rather than starting a new one. */
function continues(heading: Heading, prev: Row, r: Row, style: string, text: string, right: number): boolean {
  if (prev.page !== r.page) return false;
  // Tags say it outright: one H element is one heading, however many lines it takes.
  if (prev.tagNode !== null && r.tagNode !== null) return prev.tagNode === r.tagNode;
  if (heading.style !== style || NUMBERED.test(text)) return false;
  if (/[.:]$/.test(prev.line.text.trim())) return false;
  if (r.line.baseline - prev.line.baseline > 1.45 * r.line.fontSize) return false;
  // A wrapped line starts with a word that would not have fitted on the line above; otherwise it is a heading of its own.
  const firstWord = text.split(' ')[0]!;
  const perChar = (r.line.x1 - r.line.x0) / Math.max(1, text.length);
  return prev.line.x1 + perChar * (firstWord.length + 1) > right - 2;
}

/** Levels: the tag's H level; else the depth of the numbering, and for unnumbered headings the level that numbered
 * headings of the same type size and weight have (or the rank of the type among heading types). */
function assignLevels(headings: Heading[], useTags: boolean): void {
  const styles = new Map<string, { size: number; bold: boolean }>();
  for (const h of headings) styles.set(h.style, { size: h.size, bold: h.bold });
  const ranked = [...styles.entries()].sort((a, b) => b[1].size - a[1].size || Number(b[1].bold) - Number(a[1].bold)).map(([k]) => k);
  const depth = (h: Heading) => (h.number ? h.number.split('.').length : 0);
  // Single-number headings vote only in the largest type that has them: `1. Kompensation …` in small bold is a list
  // of subheadings, not a chapter.
  const nested = headings.some((h) => depth(h) >= 2);
  const firstNumbered = ranked.find((k) => headings.some((h) => h.style === k && depth(h) === 1));
  // Flat numbering in a smaller type than other headings (`10 Hälsa och välbefinnande` under `Måluppföljning`) numbers
  // items, not chapters: then the type sizes alone give the levels.
  const topStyle = nested || firstNumbered === ranked[0] ? firstNumbered : undefined;
  const votes = new Map<string, Map<number, number>>();
  for (const h of headings) {
    const d = depth(h);
    if (d === 0 || (d === 1 && h.style !== topStyle)) continue;
    const v = votes.get(h.style) ?? new Map<number, number>();
    v.set(d, (v.get(d) ?? 0) + 1);
    votes.set(h.style, v);
  }
  const known = new Map<string, number>();
  for (const [style, v] of votes) known.set(style, [...v.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0]);
  const levelOfStyle = (style: string): number => {
    if (known.size === 0) return Math.min(6, ranked.indexOf(style) + 1);
    const k = known.get(style);
    if (k !== undefined) return k;
    const idx = ranked.indexOf(style);
    for (let j = idx - 1; j >= 0; j--) {
      const above = known.get(ranked[j]!);
      if (above !== undefined) return Math.min(6, above + 1);
    }
    return 1;
  };
  for (const h of headings) {
    if (useTags && h.level > 0) continue;
    const d = depth(h);
    if (d >= 2) h.level = Math.min(6, d);
    else if (d === 1) h.level = h.style === topStyle ? 1 : Math.max(1, levelOfStyle(h.style));
    else h.level = levelOfStyle(h.style);
  }
}

function toSections(rows: Row[], headings: Heading[]): Section[] {
  const startOf = new Map<Row, Heading>();
  const inHeading = new Set<Row>();
  for (const h of headings) {
    startOf.set(h.rows[0]!, h);
    for (const r of h.rows) inHeading.add(r);
  }
  const sections: Section[] = [];
  const stack: { level: number; heading: string }[] = [];
  let current: { section: Section; body: Row[] } | null = null;
  const front: Row[] = [];
  const close = () => {
    if (!current) return;
    current.section.text = proseOf(current.body);
    sections.push(current.section);
  };
  for (const r of rows) {
    const h = startOf.get(r);
    if (h) {
      close();
      while (stack.length && stack.at(-1)!.level >= h.level) stack.pop();
      const title = h.number ? `${h.number} ${h.text}` : h.text;
      stack.push({ level: h.level, heading: title });
      current = {
        section: { id: `s${sections.length + 1}`, number: h.number, heading: h.text, level: h.level, path: stack.map((s) => s.heading), pageStart: r.page, pageEnd: r.page, text: '' },
        body: [],
      };
      continue;
    }
    if (!current && !inHeading.has(r) && (r.kind === 'text' || r.kind === 'cover')) {
      // Text before the first heading (a cover's "Beslutad av … den 21 januari 2016", a preamble) is searchable too.
      front.push(r);
      continue;
    }
    if (!current || inHeading.has(r) || r.kind === 'cover' || r.kind === 'toc') continue;
    current.section.pageEnd = Math.max(current.section.pageEnd, r.page);
    if (r.kind === 'text') current.body.push(r);
  }
  close();
  if (front.length) {
    const pageStart = front[0]!.page;
    const pageEnd = front.at(-1)!.page;
    const heading = pageEnd === 1 ? 'Försättssida' : 'Inledning';
    sections.unshift({ id: 's0', number: null, heading, level: 1, path: [heading], pageStart, pageEnd, text: proseOf(front) });
  }
  return sections;
}

/** The section's lines as paragraphs: a wider gap than the line pitch, or a sentence end at a page break, ends one. */
function proseOf(body: Row[]): string {
  const paragraphs: string[][] = [];
  let para: string[] = [];
  let prev: Row | null = null;
  for (const r of body) {
    if (prev) {
      const samePage = prev.page === r.page;
      const pitch = r.line.baseline - prev.line.baseline;
      const gap = samePage ? pitch > 1.6 * Math.max(r.line.fontSize, prev.line.fontSize) : /[.!?:]$/.test(prev.line.text);
      if (gap && para.length) {
        paragraphs.push(para);
        para = [];
      }
    }
    para.push(r.line.text);
    prev = r;
  }
  if (para.length) paragraphs.push(para);
  return paragraphs.map((p) => joinWrapped(p)).join('\n\n');
}
