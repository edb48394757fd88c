import type { Line } from '../../layout/lines.ts';
import type { TextItem } from '../../pdf/types.ts';
import { normalizeUnit } from '../../numbers/parse.ts';

/**
 * The caption of a table: the nearest line above it when that line is close and reads as a title (a tagged
 * heading or caption, bold, larger than the table's text, or starting `Tabell`), not the end of a paragraph.
 */
export function findCaption(
  lines: Line[],
  box: { x0: number; x1: number; top: number },
  tableItems: Set<TextItem>,
  headingMcids: Map<string, number>,
): string | null {
  const above = lines
    .filter((l) => !l.items.some((i) => tableItems.has(i)) && l.bottom <= box.top + 2 && l.x1 >= box.x0 && l.x0 <= box.x1)
    .sort((a, b) => a.bottom - b.bottom);
  const best = above.at(-1);
  if (!best) return null;
  const gap = box.top - best.bottom;
  if (gap > 3 * best.fontSize) return null;
  const headingOf = (l: Line) => l.items.map((i) => (i.mcid ? headingMcids.get(i.mcid) : undefined)).find((n) => n !== undefined) ?? -1;
  const isHeading = (l: Line) => headingOf(l) >= 0;
  const titleLike = isHeading(best) || best.bold || /^(tabell|tab\.)\s/i.test(best.text.trim());
  if (!titleLike) return null;
  // A heading broken over lines: take the lines above that run on from it in the same style.
  const parts = [best];
  for (let i = above.length - 2; i >= 0 && parts.length < 4; i--) {
    const l = above[i]!;
    const next = parts[0]!;
    const close = next.top - l.bottom < 0.6 * next.fontSize;
    if (!close || l.bold !== next.bold || Math.abs(l.fontSize - next.fontSize) > 0.5 || headingOf(l) !== headingOf(next)) break;
    parts.unshift(l);
  }
  const text = parts.map((l) => l.text.trim()).join(' ');
  return text.length > 200 ? null : text;
}

const TABLE_UNIT = /(?:^|[\s(,])(?:belopp\s+i\s+)?\(?(tkr|mnkr|mkr|mdkr|kr)\)?(?=$|[\s),.;:])/i;

/** The unit stated for the whole table: in the label column's header (`belopp i tkr`, `(Mnkr)`) or the caption. */
export function tableUnit(header: string[][], caption: string | null): string | null {
  for (const text of [...header.map((r) => r[0] ?? ''), caption ?? '']) {
    const m = TABLE_UNIT.exec(text);
    if (m) return normalizeUnit(m[1]!);
  }
  return null;
}
