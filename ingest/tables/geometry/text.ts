import type { TextItem } from '../../pdf/types.ts';
import { joinItems } from '../../layout/lines.ts';
import { isEmptyMark, parseSwedishNumber } from '../../numbers/parse.ts';

const YEAR = /^(?:19|20)\s?\d{2}$/;

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
 * before `och`/`eller` (`vård- och omsorg`), where the hyphen stands for a shared last part.
 */
export function joinCellLines(lines: string[]): string {
  let out = '';
  for (const raw of lines) {
    const l = raw.trim();
    if (!l) continue;
    if (!out) out = l;
    else if (/\p{L}-$/u.test(out) && /^\p{L}/u.test(l) && !/^(?:och|eller|samt|till|resp)\b/i.test(l)) out += l;
    else out += ' ' + l;
  }
  return out;
}

/** The text of a cell from its items: grouped into printed lines by baseline, each line joined left to right. */
export function cellText(items: readonly TextItem[]): string {
  if (!items.length) return '';
  const sorted = [...items].sort((a, b) => a.baseline - b.baseline || a.x - b.x);
  const lines: TextItem[][] = [];
  for (const it of sorted) {
    const cur = lines.at(-1);
    if (cur && Math.abs(cur[0]!.baseline - it.baseline) < 0.3 * Math.min(cur[0]!.fontSize, it.fontSize)) cur.push(it);
    else lines.push([it]);
  }
  return joinCellLines(lines.map((l) => joinItems([...l].sort((a, b) => a.x - b.x))));
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
