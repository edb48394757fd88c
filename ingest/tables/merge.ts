import { isValue } from './geometry/text.ts';
import type { MergedTable, PageTable } from './types.ts';

/**
 * Joins tables continued on the next page, for both the tagged and the geometry path. The last table of a page and
 * the first of the next are one table when they have the same columns (count and x-extents) and the second either
 * repeats the first's header (dropped) or has none, and no caption of its own that differs from the first's.
 * Tables on the same page are never joined. A row broken by the page break (its continuation's label empty or in
 * lower case, and the text it continues not at the end of a sentence) is joined back into one row.
 */
export function mergeAcrossPages(tables: PageTable[]): MergedTable[] {
  const out: MergedTable[] = [];
  let last: { merged: MergedTable; table: PageTable } | null = null;
  for (let i = 0; i < tables.length; i++) {
    const t = tables[i]!;
    const prev: { merged: MergedTable; table: PageTable } | null = last;
    const isFirstOnPage = i === 0 || tables[i - 1]!.page !== t.page;
    const prevIsLastOnPage = prev !== null && (i === 0 || tables[i - 1] === prev.table);
    if (prev && isFirstOnPage && prevIsLastOnPage && continues(prev.table, t, prev.merged)) {
      const m: MergedTable = prev.merged;
      m.pages.push(t.page);
      let rows = t.rows;
      let kinds = t.rowKinds;
      const tail = m.rows.at(-1);
      if (tail && rows[0] && continuesRow(tail, rows[0])) {
        m.rows[m.rows.length - 1] = tail.map((c, k) => [c, rows[0]![k] ?? ''].filter(Boolean).join(' '));
        rows = rows.slice(1);
        kinds = kinds.slice(1);
      }
      m.rows.push(...rows);
      m.rowKinds.push(...kinds);
      m.rowPages.push(...rows.map(() => t.page));
      m.unit ??= t.unit;
      last = { merged: m, table: t };
      continue;
    }
    const merged: MergedTable = {
      pages: [t.page],
      header: t.header.map((r) => [...r]),
      rows: t.rows.map((r) => [...r]),
      rowKinds: [...t.rowKinds],
      rowPages: t.rows.map(() => t.page),
      caption: t.caption,
      unit: t.unit,
      firstBbox: t.bbox,
    };
    out.push(merged);
    last = { merged, table: t };
  }
  return out;
}

const SENTENCE_END = /[.!?…]["'”’)\]]*$/;

/**
 * The first row of a continuation goes on with the last row before the break: its label is empty or starts in
 * lower case, it holds text and no values, every cell it fills was filled above too, and in some column the text
 * above stops mid-sentence and the text below goes on in lower case.
 */
function continuesRow(above: string[], below: string[]): boolean {
  if (above.length !== below.length) return false;
  const label = below[0]?.trim() ?? '';
  if (label && !/^\p{Ll}/u.test(label)) return false;
  const cols = below.map((c, k) => k).filter((k) => below[k]!.trim());
  if (!cols.length) return false;
  if (cols.some((k) => isValue(below[k]!) || !above[k]!.trim() || isValue(above[k]!))) return false;
  return cols.some((k) => !SENTENCE_END.test(above[k]!.trim()) && /^\p{Ll}/u.test(below[k]!.trim()));
}

const norm = (s: string) => s.normalize('NFC').toLowerCase().replace(/[\s\-–−]+/g, '');

function continues(a: PageTable, b: PageTable, merged: MergedTable): boolean {
  if (b.page !== a.page + 1) return false;
  const width = merged.header[0]?.length ?? merged.rows[0]?.length ?? 0;
  const bWidth = b.header[0]?.length ?? b.rows[0]?.length ?? 0;
  if (width !== bWidth || width === 0) return false;
  if (!sameColumns(a, b)) return false;
  if (b.header.length && !sameHeader(merged.header, b.header)) return false;
  // A title right above the second table makes it a table of its own, even under the same title as the first
  // (two `Nämndens nyckeltal` tables under different headings), unless it says it continues.
  if (b.caption && !/forts/i.test(b.caption)) return false;
  return true;
}

function sameHeader(a: string[][], b: string[][]): boolean {
  const flat = (h: string[][]) => h.map((r) => r.map(norm).join('|')).join('/');
  if (flat(a) === flat(b)) return true;
  // The label column's header may be left out or marked `(forts.)` on the continuation; the other columns must
  // agree. A different label header (`Beslutad åtgärd 7` after `Beslutad åtgärd 6`) is a new table.
  const rest = (h: string[][]) => h.map((r) => r.slice(1).map(norm).join('|')).join('/');
  if (a.length !== b.length || rest(a) !== rest(b) || rest(a).replace(/[|/]/g, '') === '') return false;
  return a.every((row, i) => {
    const x = norm(stripForts(row[0] ?? ''));
    const y = norm(stripForts(b[i]![0] ?? ''));
    return x === y || !x || !y;
  });
}

const stripForts = (s: string) => s.replace(/\(?\s*forts(\.|ättning|att)?\s*\)?/gi, '');

function sameColumns(a: PageTable, b: PageTable): boolean {
  if (a.columns.length !== b.columns.length) return false;
  // Right-aligned numbers and differing label widths move the extents a little; the column order must hold.
  const tol = 18;
  let close = 0;
  for (let i = 0; i < a.columns.length; i++) {
    const p = a.columns[i]!;
    const q = b.columns[i]!;
    const ov = Math.min(p.x1, q.x1) - Math.max(p.x0, q.x0);
    if (ov > 0 || Math.abs(p.x1 - q.x1) < tol || Math.abs(p.x0 - q.x0) < tol) close++;
  }
  return close >= Math.max(1, a.columns.length - 1) || (a.columns.length <= 2 && close === a.columns.length);
}
