import type { TextItem } from '../../pdf/types.ts';
import { joinItems } from '../../layout/lines.ts';
import { isEmptyMark, parseSwedishNumber } from '../../numbers/parse.ts';

// `2 022`: a year set with a thousands space, as spreadsheets print a year column's title.
const YEAR = /^(?:(?:19|20)\s?\d{2}|1\s9\d{2}|2\s0\d{2})$/;

/** A year as printed in a header (`2022`, `2 022`): a column title, not a value. */
export function isYear(text: string): boolean {
  return YEAR.test(text.trim());
}

/** A value cell: a number (not a year), a percentage, or an empty mark such as `---`. */
export function isValue(text: string): boolean {
  const t = text.trim();
  if (!t || isYear(t)) return false;
  if (isEmptyMark(t)) return true;
  if (/^[KMT]:?\s?\d/.test(t) && /^(?:[KMT]:?\s?\d+(?:,\d+)?%?\s*)+$/.test(t)) return true;
  return parseSwedishNumber(t) !== null;
}

/**
 * Joins the printed lines of one cell with spaces. A line ending in a hyphen glued to a word (`Budget-` /
 * `Utfall`, `HVB-` / `verksamhet`) is a hyphenated compound: the hyphen stays and no space is added, except
 * before `och`/`eller` (`vård- och omsorg`), where the hyphen stands for a shared last part. A line that is one
 * word filling the cell's width (`full`), followed by one starting in lower case, is a word too long for the
 * cell broken without a hyphen (`Avvik` / `else`, `Motsvaran` / `de period`), and runs on without a space, when
 * the words of its page (`words`) do not say the parts are words of their own.
 */
export function joinCellLines(lines: string[], full: readonly boolean[] = [], words: PageWords = NO_WORDS): string {
  let out = '';
  let prevFull = false;
  let prev = '';
  lines.forEach((raw, i) => {
    const l = raw.trim();
    if (!l) return;
    const next = /^\p{Ll}+/u.exec(l)?.[0] ?? '';
    if (!out) out = l;
    else if (/\p{L}-$/u.test(out) && /^\p{L}/u.test(l) && !/^(?:och|eller|samt|till|resp)\b/i.test(l)) out += l;
    else if (prevFull && next && brokenWord(prev, next, words)) out += l;
    else out += ' ' + l;
    prevFull = (full[i] ?? false) && /^\p{L}+$/u.test(l);
    prev = l;
  });
  return out;
}

/**
 * Whether `head` / `tail`, the last word of a line filling its cell and the first of the next, are one word broken
 * at the cell's edge: yes when the page prints the whole word elsewhere (`budgetavvikelse`), no when it prints
 * the head as a word of its own (`kostnader` / `period`) or the tail as one or as the end of a compound
 * (`Kommuninterna` / `bidrag` beside `Kommunbidrag`); a tail of one or two letters (`de`, `e`) tells nothing.
 */
function brokenWord(head: string, tail: string, words: PageWords): boolean {
  if (words.count((head + tail).toLowerCase()) > 0) return true;
  if (words.count(head.toLowerCase()) >= 2) return false;
  return tail.length < 3 || !words.ends(tail.toLowerCase());
}

/** Words printed on a page, counted; `ends` says whether a word printed elsewhere is or ends with the given one. */
export interface PageWords {
  count(word: string): number;
  ends(word: string): boolean;
}

const NO_WORDS: PageWords = { count: () => 0, ends: () => true };

export function pageWords(items: readonly TextItem[]): PageWords {
  const counts = new Map<string, number>();
  for (const it of items) {
    for (const w of it.str.toLowerCase().match(/\p{L}+/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return {
    count: (w) => counts.get(w) ?? 0,
    // The tail itself is printed once, in the cell being read.
    ends: (w) => (counts.get(w) ?? 0) >= 2 || [...counts.keys()].some((k) => k.length > w.length && k.endsWith(w)),
  };
}
/**
 * The text of a cell from its items: grouped into printed lines by baseline, each line joined left to right.
 * `width`, when the cell's column is known, is the width its text can take (inside the padding): a line
 * reaching within about a character and a half of it fills the cell.
 */
export function cellText(items: readonly TextItem[], width?: number, words?: PageWords): string {
  if (!items.length) return '';
  const sorted = [...items].sort((a, b) => a.baseline - b.baseline || a.x - b.x);
  const lines: TextItem[][] = [];
  for (const it of sorted) {
    const cur = lines.at(-1);
    if (cur && Math.abs(cur[0]!.baseline - it.baseline) < 0.3 * Math.min(cur[0]!.fontSize, it.fontSize)) cur.push(it);
    else lines.push([it]);
  }
  const full = lines.map((l) => {
    if (width === undefined) return false;
    const x0 = Math.min(...l.map((i) => i.x));
    const x1 = Math.max(...l.map((i) => i.x + i.w));
    const chars = l.reduce((n, i) => n + i.str.length, 0);
    return chars > 0 && x1 - x0 + (1.5 * (x1 - x0)) / chars >= width;
  });
  return joinCellLines(lines.map((l) => joinItems([...l].sort((a, b) => a.x - b.x))), full, words);
}

const UNIT = /\b(?:belopp\s+i\s+)?(tkr|mnkr|mkr|mdkr|Mkr|kr)\b/i;

/** The unit a caption or header names for the whole table (`Belopp i tkr`, `(Mnkr)`). */
export function unitOf(texts: readonly string[]): string | null {
  for (const t of texts) {
    const m = UNIT.exec(t);
    if (m) return m[1]!.toLowerCase();
  }
  return null;
}
