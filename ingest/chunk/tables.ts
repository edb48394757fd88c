import type { Table } from '../../src/model/document.ts';

export interface TablePiece {
  kind: 'table' | 'row';
  /** `b0`, `b1`, … for blocks of rows; `r<index>` for a single row. */
  key: string;
  text: string;
  pages: number[];
}

export interface TableOptions {
  /** A block of rows closes once its text reaches this many characters. */
  maxChars: number;
}

const DEFAULTS: TableOptions = { maxChars: 1200 };

/** Each column's header path joined (`Prognos 2 Helår`), with a spanning cell said once. */
export function columnLabels(table: Table): string[] {
  const width = Math.max(0, ...table.header.map((r) => r.length), ...table.rows.map((r) => r.length));
  const labels: string[] = [];
  for (let c = 0; c < width; c++) {
    const parts: string[] = [];
    for (const row of table.header) {
      const cell = (row[c] ?? '').trim();
      if (cell && parts.at(-1) !== cell) parts.push(cell);
    }
    labels.push(parts.join(' '));
  }
  return labels;
}

const joinCells = (cells: readonly string[]) => cells.map((c) => c.trim()).join('\t');

/**
 * A table as blocks of rows, each repeating the caption and header, plus one piece per data or sum row that
 * names every cell by its column header, so that `Hemvårdsnämnd prognos 2` finds the row.
 */
export function tablePieces(table: Table, options: TableOptions = DEFAULTS): TablePiece[] {
  const head = [table.caption.trim(), table.unit ? `(${table.unit})` : '', ...table.header.map(joinCells)].filter(Boolean).join('\n');
  const labels = columnLabels(table);
  const out: TablePiece[] = [];

  let block: number[] = [];
  let size = head.length;
  const flush = () => {
    if (!block.length) return;
    const pages = [...new Set(block.map((i) => table.rowPages[i] ?? table.pages[0]!))].sort((a, b) => a - b);
    out.push({ kind: 'table', key: `b${out.filter((p) => p.kind === 'table').length}`, text: [head, ...block.map((i) => joinCells(table.rows[i]!))].join('\n'), pages });
    block = [];
    size = head.length;
  };
  for (let i = 0; i < table.rows.length; i++) {
    const line = joinCells(table.rows[i]!);
    if (!line.trim()) continue;
    if (block.length && size + line.length > options.maxChars) flush();
    block.push(i);
    size += line.length + 1;
  }
  flush();

  let group: string | null = null;
  for (let i = 0; i < table.rows.length; i++) {
    const row = table.rows[i]!;
    const kind = table.rowKinds[i] ?? 'data';
    const label = (row[0] ?? '').trim();
    if (kind === 'group') {
      group = label || group;
      continue;
    }
    const cells = row.slice(1).map((cell, j) => ({ cell: cell.trim(), label: labels[j + 1] ?? '' })).filter((c) => c.cell);
    // A row without values (a note line, `Kommentar:`) is in the blocks; alone it would only be noise.
    if (!cells.length) continue;
    // A sum row names its own scope (`Summa barn`, `Totalt`) and closes the group above it.
    const name = kind === 'total' ? label : [group, label].filter(Boolean).join(' › ');
    if (kind === 'total') group = null;
    const described = cells.map((c) => (c.label ? `${c.label}: ${c.cell}` : c.cell)).join(' | ');
    const text = [table.caption.trim(), `${name}${described ? ` | ${described}` : ''}`].filter(Boolean).join('\n');
    out.push({ kind: 'row', key: `r${i}`, text, pages: [table.rowPages[i] ?? table.pages[0]!] });
  }
  return out;
}
