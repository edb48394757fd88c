import type { Line } from '../layout/lines.ts';
import type { PageContent, StructNode, TextItem } from '../pdf/types.ts';
import { classifyRows } from './rowkinds.ts';
import { cellText, mcidsUnder, rowsOf, type TaggedRow } from './tagged/cells.ts';
import { columnExtents, layoutRow } from './tagged/grid.ts';
import { findCaption, tableUnit } from './tagged/caption.ts';
import type { PageTable } from './types.ts';

export function hasTableTags(struct: StructNode): boolean {
  return struct.role === 'Table' || struct.children.some(hasTableTags);
}

/**
 * Tables of a tagged page: TR gives the rows and TH/TD the cells, the marked-content ids the text of each cell;
 * columns and spans come from the x-geometry of that text, since the tree carries no ColSpan/RowSpan.
 */
export function extractTaggedTables(page: PageContent, lines: Line[]): PageTable[] {
  if (!page.struct) return [];
  const itemsByMcid = new Map<string, TextItem[]>();
  for (const it of page.items) {
    if (!it.mcid) continue;
    const list = itemsByMcid.get(it.mcid);
    if (list) list.push(it);
    else itemsByMcid.set(it.mcid, [it]);
  }
  const headingMcids = new Set<string>();
  collectHeadings(page.struct, headingMcids);
  const out: PageTable[] = [];
  for (const node of tableNodes(page.struct)) {
    const t = tableOf(page, node, itemsByMcid, lines, headingMcids);
    if (t) out.push(t);
  }
  return out;
}

function tableNodes(node: StructNode): StructNode[] {
  if (node.role === 'Table') return [node];
  return node.children.flatMap(tableNodes);
}

function collectHeadings(node: StructNode, into: Set<string>): void {
  if (/^(H\d?|Caption|Title)$/.test(node.role)) for (const id of mcidsUnder(node)) into.add(id);
  else for (const c of node.children) collectHeadings(c, into);
}

function tableOf(
  page: PageContent,
  node: StructNode,
  itemsByMcid: Map<string, TextItem[]>,
  lines: Line[],
  headingMcids: Set<string>,
): PageTable | null {
  const rows = rowsOf(node, itemsByMcid).filter((r) => r.cells.some((c) => c.text));
  if (!rows.length) return null;
  const cols = columnExtents(rows);
  if (!cols.length) return null;

  let headerCount = 0;
  while (headerCount < rows.length && isHeaderRow(rows[headerCount]!)) headerCount++;
  if (headerCount === rows.length) headerCount = rows.length > 1 ? 1 : 0;

  const header = rows.slice(0, headerCount).map((r) => layoutRow(r, cols, true));
  const bodyRows = rows.slice(headerCount);
  const body = bodyRows.map((r) => layoutRow(r, cols, false));
  const bold = bodyRows.map(rowBold);

  const items = rows.flatMap((r) => r.cells.flatMap((c) => c.items));
  const x0 = Math.min(...items.map((i) => i.x));
  const x1 = Math.max(...items.map((i) => i.x + i.w));
  const top = Math.min(...items.map((i) => i.top));
  const bottom = Math.max(...items.map((i) => i.baseline + 0.25 * i.fontSize));

  const tagCaption = node.children.find((c) => c.role === 'Caption');
  const caption = tagCaption
    ? cellText(mcidsUnder(tagCaption).flatMap((id) => itemsByMcid.get(id) ?? [])) || null
    : findCaption(lines, { x0, x1, top }, new Set(items), headingMcids);

  return {
    page: page.number,
    bbox: { x: x0, y: top, w: x1 - x0, h: bottom - top },
    header,
    rows: body,
    rowKinds: classifyRows(body, bold),
    columns: cols,
    caption,
    unit: tableUnit(header, caption),
    source: 'tags',
  };
}

/** A leading row is a header row when every cell with text is a TH. */
function isHeaderRow(row: TaggedRow): boolean {
  const texted = row.cells.filter((c) => c.text);
  return texted.length > 0 && texted.every((c) => c.header);
}

function rowBold(row: TaggedRow): boolean {
  const texted = row.cells.filter((c) => c.text);
  return texted.length > 0 && texted.every((c) => c.bold);
}
