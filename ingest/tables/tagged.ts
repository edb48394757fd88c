import type { Line } from '../layout/lines.ts';
import type { PageContent, StructNode, TextItem } from '../pdf/types.ts';
import { classifyRows } from './rowkinds.ts';
import { cellText, mcidsUnder, rowsOf, type TaggedRow } from './tagged/cells.ts';
import { columnExtents, layoutRow, type ColumnExtent } from './tagged/grid.ts';
import { findCaption, tableUnit } from './tagged/caption.ts';
import type { PageTable } from './types.ts';
import { parseSwedishNumber, parseYear } from '../numbers/parse.ts';

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
  const headingMcids = new Map<string, number>();
  collectHeadings(page.struct, headingMcids);
  const nodes = tableNodes(page.struct);
  // Items of every table on the page, so that one table's last row is not taken for the next one's caption.
  const tableItems = new Set(nodes.flatMap((n) => mcidsUnder(n).flatMap((id) => itemsByMcid.get(id) ?? [])));
  const out: PageTable[] = [];
  for (const node of nodes) {
    const t = tableOf(page, node, itemsByMcid, lines, headingMcids, tableItems);
    if (t) out.push(t);
  }
  return out;
}

function tableNodes(node: StructNode): StructNode[] {
  if (node.role === 'Table') return [node];
  return node.children.flatMap(tableNodes);
}

/** Marked-content ids of headings and captions, each mapped to its heading's number on the page. */
function collectHeadings(node: StructNode, into: Map<string, number>): void {
  if (/^(H\d?|Caption|Title)$/.test(node.role)) {
    const n = into.size;
    for (const id of mcidsUnder(node)) into.set(id, n);
  }
  else for (const c of node.children) collectHeadings(c, into);
}

function tableOf(
  page: PageContent,
  node: StructNode,
  itemsByMcid: Map<string, TextItem[]>,
  lines: Line[],
  headingMcids: Map<string, number>,
  tableItems: Set<TextItem>,
): PageTable | null {
  const rows = rowsOf(node, itemsByMcid).filter((r) => r.cells.some((c) => c.text));
  if (!rows.length) return null;
  const cols = columnExtents(rows);
  if (!cols.length) return null;

  let headerCount = 0;
  while (headerCount < rows.length && isHeaderRow(rows[headerCount]!, rows.slice(0, headerCount))) headerCount++;
  // Every row a TH: a lone row is a header with no body yet (an empty indicator table); more are a table
  // tagged throughout with TH, whose first row is the header.
  if (headerCount === rows.length && rows.length > 1) headerCount = 1;

  while (headerCount < rows.length - 1 && isUntaggedHeaderRow(rows[headerCount]!, rows.slice(headerCount + 1))) headerCount++;

  const header = fillSpans(rows.slice(0, headerCount).map((r) => layoutRow(r, cols, true)));
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
    : findCaption(lines, { x0, x1, top }, tableItems, headingMcids);

  return {
    page: page.number,
    bbox: { x: x0, y: top, w: x1 - x0, h: bottom - top },
    header,
    rows: body,
    rowKinds: classifyRows(body, bold).map((k, i) => (isSpanningHeading(bodyRows[i]!, cols) ? 'group' : k)),
    columns: cols,
    caption,
    unit: tableUnit(header, caption),
    source: 'tags',
  };
}

/**
 * A row tagged TD that still reads as a header, below the TH rows or at the top of a table without any (Word tags
 * a second header row so): every cell filled, all bold, no figures (years aside), and figures in the rows below.
 */
function isUntaggedHeaderRow(row: TaggedRow, below: TaggedRow[]): boolean {
  if (row.cells.length < 2 || !row.cells.every((c) => c.text && c.bold)) return false;
  if (row.cells.slice(1).some((c) => isFigure(c.text))) return false;
  return below.some((r) => r.cells.slice(1).some((c) => isFigure(c.text)));
}

const isFigure = (text: string) => parseSwedishNumber(text) !== null && parseYear(text) === null;

/**
 * Upper header rows tagged with a spanning cell followed by empty cells (as Word writes a column span): the span's
 * text is repeated over the empty cells to its right, so each column has its full header path.
 */
function fillSpans(header: string[][]): string[][] {
  return header.map((row, i) => {
    if (i === header.length - 1) return row;
    const out = [...row];
    for (let c = 2; c < out.length; c++) if (!out[c] && out[c - 1]) out[c] = out[c - 1]!;
    return out;
  });
}

/**
 * A leading row is a header row when every cell with text is a TH. A row with only its label filled, or one cell
 * spanning the table, is a body row (a group heading: `Antal besökare`, a committee goal over its activities, a
 * `Kommentar: …`) when it comes below the column titles or reads as a sentence; only a short title above them
 * stays in the header.
 */
function isHeaderRow(row: TaggedRow, above: TaggedRow[]): boolean {
  const texted = row.cells.filter((c) => c.text);
  if (!texted.length || !texted.every((c) => c.header)) return false;
  if (texted.length > 1 || texted[0] !== row.cells[0]) return true;
  if (isSentence(texted[0]!.text)) return false;
  if (!above.length) return true;
  return row.cells.length === 1 && above.every((r) => r.cells.filter((c) => c.text).length === 1);
}

/** Text that reads as a sentence rather than a title: long, several words ending in a full stop, or a `Kommentar:`. */
function isSentence(text: string): boolean {
  return text.length > 100 || (/[.!?:]$/.test(text) && text.split(/\s+/).length >= 4) || /^kommentar\s*:/i.test(text);
}

/**
 * A bold body row of one cell spanning the table heads the rows below even when none of them has figures (a
 * committee goal over its activities, whose status and progress are drawn, not written).
 */
function isSpanningHeading(row: TaggedRow, cols: ColumnExtent[]): boolean {
  const [cell] = row.cells;
  return row.cells.length === 1 && cols.length > 1 && !!cell!.text && cell!.bold;
}

function rowBold(row: TaggedRow): boolean {
  const texted = row.cells.filter((c) => c.text);
  return texted.length > 0 && texted.every((c) => c.bold);
}
