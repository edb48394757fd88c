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
  headingMcids: Set<string>,
): string | null {
  let best: Line | null = null;
  for (const l of lines) {
    if (l.items.some((i) => tableItems.has(i))) continue;
    if (l.bottom > box.top + 2 || l.x1 < box.x0 || l.x0 > box.x1) continue;
    if (!best || l.bottom > best.bottom) best = l;
  }
  if (!best) return null;
  const gap = box.top - best.bottom;
  if (gap > 3 * best.fontSize) return null;
  const text = best.text.trim();
  const tagged = best.items.some((i) => i.mcid && headingMcids.has(i.mcid));
  const titleLike = tagged || best.bold || /^(tabell|tab\.)\s/i.test(text);
  if (!titleLike || text.length > 160) return null;
  return text;
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
