import { buildLines } from '../../layout/lines.ts';
import type { Line } from '../../layout/lines.ts';
import type { PageContent, Rect, TextItem } from '../../pdf/types.ts';
import { classifyRows } from '../rowkinds.ts';
import type { PageTable } from '../types.ts';
import { clusterPositions, type Fill, type HRule } from './rules.ts';
import {
  atomsOf,
  bodyColumns,
  columnOf,
  groupRows,
  headerStacks,
  isValueLine,
  median,
  type Atom,
  type AtomLine,
} from './stream.ts';
import { cellText, joinCellLines, pageWords, unitOf } from './text.ts';

/** What an unruled table is read from: its area, its horizontal rules and fills (row hints), maybe its header's end. */
export interface UnruledFrame {
  bbox: Rect;
  h: HRule[];
  fills: Fill[];
  headerBottom?: number;
}

export type CaptionFinder = (bbox: Rect, fs: number) => string | null;

/**
 * A table whose columns have no rules: columns from the body's cells, header stacks set over them, rows from
 * rules, fills and line spacing. Null when what is there does not read as a table.
 */
export function buildUnruled(page: PageContent, items: TextItem[], frame: UnruledFrame, caption: CaptionFinder): PageTable | null {
  const lines = buildLines(page.number, items).sort((a, b) => a.top - b.top);
  if (lines.length < 2) return null;
  const al: AtomLine[] = lines.map((line) => ({ line, atoms: atomsOf(line) }));
  const fs = median(items.map((i) => i.fontSize));
  const { bbox } = frame;
  const mid = (l: Line) => (l.top + l.bottom) / 2;

  // Row boundaries: rules and fill edges across most of the table's width (drawn cell by cell or whole).
  const edges: HRule[] = [
    ...frame.h,
    ...frame.fills.filter((f) => f.h > 2).flatMap((f) => [
      { y: f.y, x0: f.x, x1: f.x + f.w },
      { y: f.y + f.h, x0: f.x, x1: f.x + f.w },
    ]),
  ];
  const boundaries = clusterPositions(edges.map((e) => e.y), 1.5).filter(
    (y) => covered(edges.filter((e) => Math.abs(e.y - y) <= 1.5)) >= 0.5 * bbox.w,
  );
  const between = (a: Line, b: Line) => boundaries.some((y) => y > mid(a) && y < mid(b));

  // Where the body starts: under a rule or fill edge that closes the first lines, else at the first line of
  // figures; a table of text only has its header set in its own font.
  const firstValue = al.findIndex(isValueLine);
  const end = firstValue < 0 ? al.length : firstValue;
  const ruled = al.slice(0, end).findIndex((l, i) => i + 1 < al.length && between(l.line, al[i + 1]!.line));
  let start: number;
  if (ruled >= 0 && ruled + 1 <= end) start = ruled + 1;
  else if (firstValue >= 0) start = firstValue;
  else start = styledHeader(al);
  if (start < 0) start = 0;
  // A group title in the label column right above the first row, set unlike the header above it (bold under a
  // plain header), opens the body.
  const boldLine = (l: AtomLine) => l.line.items.every((i) => i.bold);
  while (start > 1 && al[start - 1]!.atoms.length === 1 && boldLine(al[start - 1]!) !== boldLine(al[start - 2]!)) {
    const a = al[start - 1]!.atoms[0]!;
    if (Math.abs(a.x0 - Math.min(...al.slice(start).map((l) => l.line.x0))) > 2) break;
    start--;
  }
  const head = al.slice(0, start);
  const body = al.slice(start);
  if (!body.length) return null;

  const cols = bodyColumns(body);
  if (cols.length < 2) return null;
  // Text running across a gutter is left-aligned: it belongs where it starts (a comment over the columns to its right).
  const colOfAtom = (a: Atom) => {
    if (a.value) return columnOf(cols, a.x0, a.x1);
    const at = cols.findIndex((c) => a.x0 >= c.x0 - 1 && a.x0 <= c.x1);
    return at >= 0 && a.x1 > cols[at]!.x1 + 1 ? at : columnOf(cols, a.x0, a.x1);
  };
  const known = pageWords(page.items);

  // Header: stacks over the columns; a stack over two or more columns' centres spans them.
  const tol = 0.25 * fs;
  // Header cells set close together are told apart where the gap between two text runs lies in a body gutter.
  const gutter = (x: number) => cols.some((c, i) => i + 1 < cols.length && x > c.x1 && x < cols[i + 1]!.x0);
  const stacks = headerStacks(
    head.map((l) => ({ line: l.line, atoms: l.atoms.flatMap((a) => splitAtGutters(a, gutter)) })),
    tol,
  );
  // A header stack over no body cell heads a column left empty throughout (a status or a year without figures).
  for (const st of stacks) {
    if (cols.some((c) => Math.min(c.x1, st.x1) - Math.max(c.x0, st.x0) > 0)) continue;
    if (st.x1 <= cols[0]!.x1) continue;
    cols.push({ x0: st.x0, x1: st.x1 });
    cols.sort((a, b) => a.x0 - b.x0);
  }
  // A column under no title beside a titled column, no line filling both: one column whose cells sit off its title
  // (a left-aligned title over right-aligned figures in a one-row table, a centred `-` beside its title).
  const titled = (c: { x0: number; x1: number }) => stacks.some((st) => Math.min(c.x1, st.x1) - Math.max(c.x0, st.x0) > 0);
  const bodyAtoms = body.flatMap((l) => l.atoms);
  for (let c = cols.length - 1; c > 0; c--) {
    const inCol = bodyAtoms.filter((a) => columnOf(cols, a.x0, a.x1) === c);
    if (titled(cols[c]!) || !inCol.length) continue;
    // The titled column beside takes it when no line has cells in both (left-aligned words and right-aligned
    // figures under one title, `Permanent` over `2023`).
    const empty = (k: number) =>
      k >= 1 &&
      k < cols.length &&
      titled(cols[k]!) &&
      !body.some((l) => l.atoms.some((a) => columnOf(cols, a.x0, a.x1) === k) && l.atoms.some((a) => columnOf(cols, a.x0, a.x1) === c));
    const k = empty(c - 1) ? c - 1 : empty(c + 1) ? c + 1 : -1;
    if (k < 0) continue;
    cols[k] = { x0: Math.min(cols[k]!.x0, cols[c]!.x0), x1: Math.max(cols[k]!.x1, cols[c]!.x1) };
    cols.splice(c, 1);
  }
  const upper: string[] = Array(cols.length).fill('');
  const lower: TextItem[][][] = cols.map(() => []);
  const stackOf = new Map<Atom, number>();
  let spanning = false;
  for (const s of stacks) {
    const covered = cols
      .map((c, i) => ((c.x0 + c.x1) / 2 >= s.x0 - tol && (c.x0 + c.x1) / 2 <= s.x1 + tol ? i : -1))
      .filter((i) => i >= 0);
    if (covered.length >= 2 && s.atoms.length >= 1) {
      spanning = true;
      const text = joinCellLines(s.atoms.map((a) => a.text));
      for (const c of covered) upper[c] = upper[c] ? `${upper[c]} ${text}` : text;
      continue;
    }
    const c = columnOf(cols, s.x0, s.x1);
    for (const a of s.atoms) stackOf.set(a, c);
    lower[c]!.push(s.atoms.flatMap((a) => a.items));
  }
  const widths = cols.map((c, i) => Math.max(c.x1 - c.x0, ...lower[i]!.flat().map((it) => it.w)));
  const lowerRow = lower.map((parts, i) => cellText(parts.flat(), widths[i], known));
  const header = [...(spanning ? [upper] : []), lowerRow].filter((r) => r.some(Boolean));

  // Body rows.
  const rowLines = groupRows(body, colOfAtom, { boundaries });
  const rows: string[][] = [];
  const bold: boolean[] = [];
  for (const ls of rowLines) {
    const cells: TextItem[][] = cols.map(() => []);
    for (const l of ls) for (const a of l.atoms) cells[colOfAtom(a)]!.push(...a.items);
    const row = cells.map((c, i) => cellText(c, cols[i]!.x1 - cols[i]!.x0, known));
    if (row.every((c) => !c)) continue;
    rows.push(row);
    const all = cells.flat();
    bold.push(all.length > 0 && all.every((i) => i.bold));
  }
  // A label going on in lower case beside a row of its own is the label above wrapped beside its sub-rows (a
  // label spanning rows): the text joins the label above.
  for (let r = 1; r < rows.length; r++) {
    const lab = rows[r]![0]!;
    let k = r - 1;
    while (k > 0 && !rows[k]![0]) k--;
    const above = rows[k]![0]!;
    if (!lab || !above || !/^\p{Ll}/u.test(lab) || /[.!?]$/.test(above) || !rows[r]!.slice(1).some(Boolean)) continue;
    rows[k]![0] = `${above} ${lab}`;
    rows[r]![0] = '';
  }
  if (!rows.length) return null;
  // A table of contents: titles led by dot leaders to page numbers.
  const leaders = [...header, ...rows].filter((r) => r.some((c) => /\.{4,}|…{2,}/.test(c))).length;
  if (leaders * 2 >= rows.length + header.length) return null;
  if (!rows.some((r) => r.slice(1).some(Boolean))) return null;

  const keep = cols.map((_, c) => c).filter((c) => header.some((r) => r[c]) || rows.some((r) => r[c]));
  if (keep.length < 2) return null;
  const pick = (r: string[]) => keep.map((c) => r[c] ?? '');
  const hdr = header.map(pick);
  const bodyRows = rows.map(pick);
  const cap = caption(bbox, fs);
  return {
    page: page.number,
    bbox: { ...bbox },
    header: hdr,
    rows: bodyRows,
    rowKinds: classifyRows(bodyRows, bold),
    columns: keep.map((c) => ({ x0: cols[c]!.x0, x1: cols[c]!.x1 })),
    caption: cap,
    unit: unitOf([...hdr.map((r) => r[0] ?? ''), cap ?? '', ...hdr.flat()]),
    source: 'geometry',
  };
}

/** Header of a table without figures: the leading lines set in another font than the lines below them. */
function styledHeader(al: AtomLine[]): number {
  const fonts = (l: AtomLine) => new Set(l.line.items.map((i) => `${i.fontName.replace(/^[A-Z]{6}\+/, '')}${i.bold ? '/b' : ''}`));
  const first = fonts(al[0]!);
  let n = 1;
  while (n < al.length && [...fonts(al[n]!)].some((f) => first.has(f))) n++;
  if (n >= al.length) return 1;
  const rest = new Set(al.slice(n).flatMap((l) => [...fonts(l)]));
  return [...first].some((f) => rest.has(f)) ? 1 : n;
}


/** The length of x covered by the union of some horizontal pieces. */
function covered(pieces: HRule[]): number {
  const sorted = [...pieces].sort((a, b) => a.x0 - b.x0);
  let total = 0;
  let end = -Infinity;
  for (const p of sorted) {
    if (p.x1 <= end) continue;
    total += p.x1 - Math.max(p.x0, end);
    end = p.x1;
  }
  return total;
}

/** An atom cut where the gap between two of its items has its middle in a gutter. */
function splitAtGutters(a: Atom, gutter: (x: number) => boolean): Atom[] {
  const out: Atom[] = [];
  let cur: TextItem[] = [];
  const flush = () => {
    if (!cur.length) return;
    const text = cur.map((i) => i.str.trim()).join(' ');
    out.push({ items: cur, text, x0: cur[0]!.x, x1: Math.max(...cur.map((i) => i.x + i.w)), value: a.value });
    cur = [];
  };
  for (const it of a.items) {
    const prev = cur.at(-1);
    if (prev && it.x > prev.x + prev.w && gutter((prev.x + prev.w + it.x) / 2)) flush();
    cur.push(it);
  }
  flush();
  return out.length > 1 ? out : [a];
}
