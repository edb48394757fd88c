import type { Line } from '../../layout/lines.ts';
import type { TextItem } from '../../pdf/types.ts';
import { isValue, isYear } from './text.ts';

/**
 * The geometry of a table without vertical rules, read the way Camelot's stream and pdfplumber's text strategy do,
 * with the anchors taken from the body: a cell is a run of words; the columns are the x-ranges that the body's
 * cells cover, cut at the gutters that run through every body row; the header is the lines above the first body
 * row, its words stacked by alignment (left edges, right edges or centres shared line to line) and each stack
 * set over the column it overlaps most. Rules and fills are used only as row boundaries, never as columns.
 */

/** A run of items on one line that reads as one cell: words a word space apart, a number's digit groups. */
export interface Atom {
  items: TextItem[];
  text: string;
  x0: number;
  x1: number;
  value: boolean;
}

const NUMBER_HEAD = /^[-−–+]?\d{1,3}(?:\s\d{3})*$/;
const DIGIT_GROUP = /^\d{3}(?:,\d+)?\s?%?$/;

/**
 * Cuts a line into atoms. Words closer than half an em are one phrase; a group of three digits after a number of
 * up to three digits (with groups), no further from it than a digit's width, continues it (`1` `275` `892`).
 */
export function atomsOf(line: Line): Atom[] {
  const items = [...line.items].filter((i) => i.str.trim()).sort((a, b) => a.x - b.x);
  const out: Atom[] = [];
  for (const it of items) {
    const cur = out.at(-1);
    const em = it.fontSize;
    if (cur) {
      const gap = it.x - cur.x1;
      const last = cur.items.at(-1)!;
      const numeric = NUMBER_HEAD.test(cur.text) && DIGIT_GROUP.test(it.str.trim());
      const word = gap < 0.45 * Math.max(em, last.fontSize) && !(isValue(it.str) && isValue(cur.text) && gap > 0.2 * em);
      // A digit group is set one space after the digits before it; a space is at most a digit's width (in
      // monospaced figures exactly one), while columns stand further apart.
      const digit = it.w / Math.max(1, it.str.trim().length);
      // `K 92`: a figure for women, men or in total (kvinnor, män, totalt) set after its letter.
      const sexed = /^[KMT]:?$/.test(cur.text) && /^\d/.test(it.str.trim());
      if (word || ((numeric || sexed) && gap < 1.15 * digit)) {
        cur.items.push(it);
        cur.text = `${cur.text}${gap > 0.1 * em ? ' ' : ''}${it.str.trim()}`;
        cur.x1 = Math.max(cur.x1, it.x + it.w);
        continue;
      }
    }
    out.push({ items: [it], text: it.str.trim(), x0: it.x, x1: it.x + it.w, value: false });
  }
  for (const a of out) a.value = isValue(a.text);
  return out;
}

/** A line's atoms, with the line. */
export interface AtomLine {
  line: Line;
  atoms: Atom[];
}

/** A line of body figures: at least half the atoms after the first are values (a lone `2` in a header is not). */
export function isValueLine(l: AtomLine): boolean {
  const rest = l.atoms.slice(1);
  const values = rest.filter((a) => a.value).length;
  return rest.length > 0 && values > 0 && 2 * values >= rest.length;
}

/**
 * Column extents from the body lines: the x-ranges their atoms cover, cut where a gutter runs through them. A
 * gutter may be crossed by one line in six, and by one of four or more (a comment cell spanning the columns to its
 * right, a long label); lines
 * with one atom only (wrapped labels, group titles) do not take part.
 */
export function bodyColumns(body: AtomLine[]): { x0: number; x1: number }[] {
  // Figures first: their columns hold even where a long label runs over an empty cell. Text makes columns only
  // where it does not lie over a column of figures.
  const figures = columnsOf(body.map((l) => ({ line: l.line, atoms: l.atoms.filter((a) => a.value) })).filter((l) => l.atoms.length));
  const over = (a: Atom) => figures.some((c) => Math.min(c.x1, a.x1) - Math.max(c.x0, a.x0) > 0);
  const text = columnsOf(body.map((l) => ({ line: l.line, atoms: l.atoms.filter((a) => !a.value && !over(a)) })).filter((l) => l.atoms.length));
  return [...figures, ...text].sort((p, q) => p.x0 - q.x0);
}

function columnsOf(body: AtomLine[]): { x0: number; x1: number }[] {
  if (!body.length) return [];
  const rows = body.filter((l) => l.atoms.length >= 2);
  const use = rows.length >= 2 ? rows : body;
  const tol = use.length >= 4 ? Math.max(1, Math.floor(use.length / 6)) : 0;
  const events: [number, number][] = [];
  for (const l of use) for (const a of l.atoms) events.push([a.x0, 1], [a.x1 + 0.5, -1]);
  events.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const cols: { x0: number; x1: number }[] = [];
  let depth = 0;
  let open: number | null = null;
  for (const [x, d] of events) {
    depth += d;
    if (depth > tol && open === null) open = x;
    else if (depth <= tol && open !== null) {
      cols.push({ x0: open, x1: x - 0.5 });
      open = null;
    }
  }
  // Figures where no column is (a column filled in a few rows only) make a column of their own, grown over the
  // figures that overlap it.
  const added: { x0: number; x1: number }[] = [];
  for (const a of use.flatMap((l) => l.atoms)) {
    if (!a.value || cols.some((c) => Math.min(c.x1, a.x1) - Math.max(c.x0, a.x0) > 0)) continue;
    const c = added.find((c) => Math.min(c.x1, a.x1) - Math.max(c.x0, a.x0) > 0);
    if (c) {
      c.x0 = Math.min(c.x0, a.x0);
      c.x1 = Math.max(c.x1, a.x1);
    } else added.push({ x0: a.x0, x1: a.x1 });
  }
  cols.push(...added);
  cols.sort((p, q) => p.x0 - q.x0);
  return cols;
}

/** The column an extent belongs to: the one it overlaps most, else the nearest. */
export function columnOf(cols: readonly { x0: number; x1: number }[], x0: number, x1: number): number {
  let best = 0;
  let bestScore = -Infinity;
  cols.forEach((c, i) => {
    const overlap = Math.min(c.x1, x1) - Math.max(c.x0, x0);
    const score = overlap > 0 ? overlap : -Math.min(Math.abs(c.x0 - x1), Math.abs(x0 - c.x1));
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}

/** Header words in a vertical stack: one header cell (its lines top to bottom), or a title over several columns. */
export interface Stack {
  atoms: Atom[];
  x0: number;
  x1: number;
}

/**
 * Stacks the atoms of the header lines: an atom joins the stack above it when they share a left edge, a right edge
 * or a centre (left-aligned, right-aligned or centred cell text) and overlap; else it starts a stack.
 */
export function headerStacks(lines: AtomLine[], tol: number): Stack[] {
  const stacks: Stack[] = [];
  for (const l of lines) {
    const taken = new Set<Stack>();
    for (const a of l.atoms) {
      const fit = stacks.filter((s) => {
        if (taken.has(s)) return false;
        const last = s.atoms.at(-1)!;
        if (Math.min(last.x1, a.x1) - Math.max(last.x0, a.x0) <= 0) return false;
        return (
          Math.abs(last.x0 - a.x0) <= tol ||
          Math.abs(last.x1 - a.x1) <= tol ||
          Math.abs((last.x0 + last.x1) / 2 - (a.x0 + a.x1) / 2) <= tol
        );
      });
      // The nearest stack by the edge that fits best.
      const s = fit.sort((p, q) => dist(p, a) - dist(q, a))[0];
      if (s) {
        s.atoms.push(a);
        s.x0 = Math.min(s.x0, a.x0);
        s.x1 = Math.max(s.x1, a.x1);
        taken.add(s);
      } else {
        const n: Stack = { atoms: [a], x0: a.x0, x1: a.x1 };
        stacks.push(n);
        taken.add(n);
      }
    }
  }
  return stacks;
}

function dist(s: Stack, a: Atom): number {
  const last = s.atoms.at(-1)!;
  return Math.min(Math.abs(last.x0 - a.x0), Math.abs(last.x1 - a.x1), Math.abs((last.x0 + last.x1) / 2 - (a.x0 + a.x1) / 2));
}

/** A header line: no values after the first atom (years are titles), and no run of prose. */
export function isHeaderish(l: AtomLine): boolean {
  if (l.atoms.slice(1).some((a) => a.value && !isYear(a.text))) return false;
  return !l.atoms.some((a) => a.text.length > 60);
}

const CONTINUES = /(?:[,\-–/&]|\b(?:och|samt|inkl\.?|exkl\.?|av|för|i|med|till|per|utan|mot)|\([^)]*)$/i;

/** Where one body row ends and the next begins, from rules, fill edges and line spacing. */
export interface RowHints {
  /** y of horizontal rules and fill edges that cross most of the table's width. */
  boundaries: number[];
}

/**
 * Body lines grouped into rows. Rules and zebra fills between lines are row boundaries; within a band (or without
 * any), a line starts a new row unless it continues the one above: a line without figures set at the line pitch
 * of wrapped text (closer than rows are to each other), or, where spacing does not tell, one that starts in lower
 * case or follows a label that stops mid-phrase. Figures beside the second line of a label join its first line.
 */
export function groupRows(body: AtomLine[], colOf: (a: Atom) => number, hints: RowHints): AtomLine[][] {
  const mid = (l: AtomLine) => (l.line.top + l.line.bottom) / 2;
  const fs = median(body.map((l) => l.line.fontSize));
  const hasValues = (l: AtomLine) => l.atoms.some((a) => a.value && colOf(a) > 0);
  const label = (ls: AtomLine[]) =>
    ls.flatMap((l) => l.atoms.filter((a) => colOf(a) === 0).map((a) => a.text)).join(' ');
  // Line pitch inside a cell vs. between rows, from baselines.
  const pitches = body.slice(1).map((l, i) => l.line.baseline - body[i]!.line.baseline);
  const rowPitches = body
    .slice(1)
    .map((l, i) => (hasValues(l) && hasValues(body[i]!) ? l.line.baseline - body[i]!.line.baseline : NaN))
    .filter((p) => !Number.isNaN(p));
  const linePitch = pitches.length ? Math.min(...pitches) : 0;
  const rowPitch = rowPitches.length ? median(rowPitches) : 0;
  const informative = rowPitches.length > 0 && rowPitch - linePitch > 0.12 * fs;
  const tightLimit = (linePitch + rowPitch) / 2;

  const crosses = (a: AtomLine, b: AtomLine) => hints.boundaries.some((y) => y > mid(a) && y < mid(b));
  // Rules or fills between most rows (a ruled ledger, zebra stripes): each band is a row, unless two of its
  // lines carry figures in the same column.
  const valueLines = body.filter(hasValues).length;
  const cuts = body.slice(1).filter((l, i) => crosses(body[i]!, l)).length;
  const banded = cuts >= 2 && cuts + 1 >= 0.6 * Math.max(valueLines, 1);
  const rows: AtomLine[][] = [];
  let prev: AtomLine | null = null;
  for (const l of body) {
    const cur = rows.at(-1);
    const crossed = prev !== null && crosses(prev, l);
    if (!cur || crossed) {
      rows.push([l]);
      prev = l;
      continue;
    }
    const pitch = l.line.baseline - prev!.line.baseline;
    const tight = informative ? pitch <= tightLimit : null;
    const sexedLine = l.atoms.some((a) => a.value && /^[MT]:?\s?\d/.test(a.text));
    if (banded && !sexedLine) {
      const used = new Set(cur.flatMap((c) => c.atoms.filter((a) => a.value && colOf(a) > 0).map(colOf)));
      // Figures stacked at the line pitch are one cell's lines (`K 92` / `M 93` / `T 92`).
      if (tight !== true && l.atoms.some((a) => a.value && colOf(a) > 0 && used.has(colOf(a)))) rows.push([l]);
      else cur.push(l);
      prev = l;
      continue;
    }
    // Figures split by sex, `K 92` / `M 93` / `T 92` (kvinnor, män, totalt), are one cell set over three lines.
    const sexed = l.atoms.filter((a) => a.value && colOf(a) > 0);
    if (sexed.length && sexed.every((a) => /^[MT]:?\s?\d/.test(a.text)) && cur.some((c) => c.atoms.some((a) => /^K:?\s?\d/.test(a.text)))) {
      cur.push(l);
      prev = l;
      continue;
    }
    const lab = label([l]);
    const curHasValues = cur.some(hasValues);
    let joins: boolean;
    if (!hasValues(l)) {
      if (tight !== null) joins = tight;
      else joins = !lab || /^[\p{Ll}(]/u.test(lab) || CONTINUES.test(label(cur));
    } else if (!curHasValues) {
      // Figures set beside the last line of a wrapped label (bottom- or centre-aligned).
      joins = (tight ?? true) && (!lab || /^\p{Ll}/u.test(lab) || CONTINUES.test(label(cur)));
    } else joins = tight === true && (!lab || /^\p{Ll}/u.test(lab) || CONTINUES.test(label(cur)));
    if (joins) cur.push(l);
    else rows.push([l]);
    prev = l;
  }
  return rows;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 10;
}
