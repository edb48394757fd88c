import { joinItems } from '../../layout/lines.ts';
import type { StructNode, TextItem } from '../../pdf/types.ts';

/** One TH/TD of the structure tree with the text items it marks. */
export interface TaggedCell {
  header: boolean;
  items: TextItem[];
  text: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  bold: boolean;
}

export interface TaggedRow {
  cells: TaggedCell[];
}

const ROW_GROUPS = new Set(['THead', 'TBody', 'TFoot']);

/** The rows of a Table node (TR directly or inside THead/TBody/TFoot), each with its TH/TD cells. */
export function rowsOf(table: StructNode, itemsByMcid: Map<string, TextItem[]>): TaggedRow[] {
  const rows: TaggedRow[] = [];
  const visit = (node: StructNode) => {
    for (const child of node.children) {
      if (child.role === 'TR') rows.push({ cells: child.children.filter(isCell).map((c) => cellOf(c, itemsByMcid)) });
      else if (ROW_GROUPS.has(child.role)) visit(child);
    }
  };
  visit(table);
  return rows;
}

function isCell(node: StructNode): boolean {
  return node.role === 'TH' || node.role === 'TD';
}

function cellOf(node: StructNode, itemsByMcid: Map<string, TextItem[]>): TaggedCell {
  const items = mcidsUnder(node).flatMap((id) => itemsByMcid.get(id) ?? []);
  return {
    header: node.role === 'TH',
    items,
    text: cellText(items),
    x0: items.length ? Math.min(...items.map((i) => i.x)) : NaN,
    x1: items.length ? Math.max(...items.map((i) => i.x + i.w)) : NaN,
    top: items.length ? Math.min(...items.map((i) => i.top)) : NaN,
    bottom: items.length ? Math.max(...items.map((i) => i.baseline + 0.25 * i.fontSize)) : NaN,
    bold: items.length > 0 && items.every((i) => i.bold),
  };
}

export function mcidsUnder(node: StructNode): string[] {
  return [...node.mcids, ...node.children.flatMap(mcidsUnder)];
}

/**
 * A cell's text with its line breaks read as spaces. A line ending in a hyphen runs on without a space when the
 * next starts with a capital (`Budget-` / `Utfall` is the compound `Budget-Utfall`); before a lower-case word the
 * hyphen is a suspended compound (`hälso- och`) and keeps its space.
 */
export function cellText(items: readonly TextItem[]): string {
  const lines: TextItem[][] = [];
  for (const it of [...items].sort((a, b) => a.baseline - b.baseline || a.x - b.x)) {
    const line = lines.at(-1);
    if (line && Math.abs(line[0]!.baseline - it.baseline) < 0.3 * Math.min(line[0]!.fontSize, it.fontSize)) line.push(it);
    else lines.push([it]);
  }
  let out = '';
  for (const line of lines) {
    const text = joinItems(line.sort((a, b) => a.x - b.x));
    if (!text) continue;
    if (!out) out = text;
    else if (/\p{L}-$/u.test(out) && /^\p{Lu}/u.test(text)) out += text;
    else out += ' ' + text;
  }
  return out.replace(/\s+/g, ' ').trim();
}
