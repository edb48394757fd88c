import type { Figure, Table } from '../../src/model/document.ts';
import { normalizeUnit, parseSwedishNumber, parseYear } from '../numbers/parse.ts';

// A unit named in a header or label: `belopp i tkr`, `(mnkr)`, `Förbrukn %`, `, antal dagar`, `(st)`.
const LABEL_UNIT =
  /(?:^|[\s(,/])(?:belopp\s+i\s+|antal\s+)?\(?(tkr|mnkr|mkr|mdkr|kr|%|procent|dagar|dygn|st|timmar|personer)\)?(?=$|[\s),.;:/])/i;

/** The unit a header or label names, if any. */
export function unitInLabel(text: string): string | null {
  const m = LABEL_UNIT.exec(text);
  return m ? normalizeUnit(m[1]!) : null;
}

/**
 * One figure per numeric body cell outside the label column, with its provenance: the row label path (the group
 * row above, then the row's own label), the column's header path, and the page the row is printed on. The unit is
 * the cell's own, else the column header's, else the row label's, else the table's (`Belopp i tkr`, caption).
 */
export function figuresOf(documentId: string, table: Table): Figure[] {
  const width = Math.max(0, ...table.rows.map((r) => r.length), ...table.header.map((r) => r.length));
  const columnLabels = Array.from({ length: width }, (_, c) => headerPath(table.header, c));
  const columnUnits = columnLabels.map((path) => firstUnit(path));
  const tableUnit = table.unit ?? (table.caption ? unitInLabel(table.caption) : null);
  const out: Figure[] = [];
  let group: string | null = null;
  let label = '';
  table.rows.forEach((row, r) => {
    const kind = table.rowKinds[r] ?? 'data';
    const own = (row[0] ?? '').trim();
    if (kind === 'group') {
      group = own || group;
      label = own;
      return;
    }
    if (own) label = own;
    const rowLabel = group && group !== label ? [group, label] : [label];
    const rowUnit = unitInLabel(label);
    for (let c = 1; c < row.length; c++) {
      const raw = (row[c] ?? '').trim();
      if (!raw) continue;
      const n = parseSwedishNumber(raw);
      if (!n) continue;
      // A year standing alone in a body cell reads as a date, not an amount, when the column header says nothing numeric.
      if (parseYear(raw) !== null && isYearColumn(table, c)) continue;
      out.push({
        documentId,
        tableId: table.id,
        page: table.rowPages[r] ?? table.pages[0]!,
        row: r,
        col: c,
        value: n.value,
        unit: n.unit ?? columnUnits[c] ?? rowUnit ?? tableUnit,
        rowLabel: rowLabel.filter(Boolean),
        columnLabel: columnLabels[c] ?? [],
        raw,
        uncertain: null,
      });
    }
    if (kind === 'total' && group && !sameText(label, group)) group = null;
  });
  return out;
}

/** A column's header path, outermost first, with a spanning cell's repeats and empty cells left out. */
export function headerPath(header: string[][], col: number): string[] {
  const path: string[] = [];
  for (const row of header) {
    const text = (row[col] ?? '').trim();
    if (text && path.at(-1) !== text) path.push(text);
  }
  return path;
}

function firstUnit(path: string[]): string | null {
  for (let i = path.length - 1; i >= 0; i--) {
    const u = unitInLabel(path[i]!);
    if (u) return u;
  }
  return null;
}

/** Every non-empty cell of the column is a year (a `Beslutsår` column), so its cells are dates. */
function isYearColumn(table: Table, c: number): boolean {
  const cells = table.rows.map((r) => (r[c] ?? '').trim()).filter(Boolean);
  const path = headerPath(table.header, c).join(' ');
  return cells.length > 0 && cells.every((s) => parseYear(s) !== null) && (/\bår\b|datum|period/i.test(path) || !path);
}

const sameText = (a: string, b: string) => a.toLowerCase().includes(b.toLowerCase());
