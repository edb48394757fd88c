import { ConsistencyReport, Inconsistency, type CalcFigure } from '../model/calc.ts';
import { allFigures, viewTables, type CalcDocument, type TableView } from './figures.ts';
import { sameLabel } from './labels.ts';
import { formatAmount, round } from './format.ts';
import { convert } from './units.ts';

// Rows that are part of another row (`Varav …`) and totals that are not plain sums (`Totalt exkl. …`).
const NOT_ADDEND = /^(?:varav|därav|darav|varav:|exkl|inkl)\b/i;
const NOT_PLAIN_TOTAL = /\b(?:exkl|inkl|justerad|varav)\b/i;

function decimals(f: CalcFigure): number {
  const m = /[,.](\d+)\s*\D*$/.exec(f.source.raw.trim());
  return m ? m[1]!.length : 0;
}

/**
 * How far a printed figure may be from the arithmetic of rounded figures: one unit of the last printed decimal, or the
 * typical sum of n roundings (√n · ½ unit), whichever is larger. Beyond that the difference is an error.
 */
function severity(diff: number, cells: CalcFigure[]): Inconsistency['severity'] {
  const unit = 10 ** -Math.max(...cells.map(decimals));
  return Math.abs(diff) <= Math.max(unit, Math.sqrt(cells.length) * 0.5 * unit) + 1e-9 ? 'rounding' : 'error';
}

const near = (a: number, b: number) => Math.abs(a - b) < 1e-6;

/**
 * Sum rows against their rows. A row counts as a sum row where, in at least one column, it equals the sum of the data
 * rows just above it (any run back to the previous sum row), of the previous sum row and the rows since, or of the sum
 * rows above (a grand total); in its other columns the rows since the previous sum row must add up to it. Rows the
 * model calls totals but that add up nowhere (`Beläggningsgrad, totalt`) are not checked.
 */
function sumRows(view: TableView): { checked: number; problems: Inconsistency[] } {
  let checked = 0;
  const problems: Inconsistency[] = [];
  const byCell = new Map(view.figures.map((f) => [`${f.source.row}|${f.source.col}`, f]));
  const totals = view.rows.flatMap((r, i) => (r.kind === 'total' && !NOT_PLAIN_TOTAL.test(r.label) ? [i] : []));
  for (const t of totals) {
    const prevTotals = [...view.rows.keys()].filter((i) => i < t && view.rows[i]!.kind === 'total');
    const from = prevTotals.length ? prevTotals.at(-1)! + 1 : 0;
    const addends = [...view.rows.keys()].filter((i) => i < t && view.rows[i]!.kind === 'data' && !NOT_ADDEND.test(view.rows[i]!.label));
    const results: { total: CalcFigure; options: Map<string, CalcFigure[]>; exact: boolean; fitting: string[]; col: TableView['columns'][number] }[] = [];
    for (const col of view.columns) {
      if (col.index === 0 || col.measure === 'förbrukning') continue;
      const total = byCell.get(`${t}|${col.index}`);
      if (!total || total.unit === '%') continue;
      const cellsOf = (rows: number[]) => rows.flatMap((i) => byCell.get(`${i}|${col.index}`) ?? []);
      const since = cellsOf(addends.filter((i) => i >= from));
      // Ways a sum row can add up, named so that the way that holds in most columns is the one reported in the others.
      const options = new Map<string, CalcFigure[]>([['since', since]]);
      if (prevTotals.length) options.set('previous+since', cellsOf([prevTotals.at(-1)!, ...addends.filter((i) => i >= from)]));
      if (prevTotals.length > 1) options.set('totals', cellsOf(prevTotals));
      addends.forEach((_, k) => options.set(`run${k}`, cellsOf(addends.slice(k))));
      for (const [k, o] of options) if (!o.length) options.delete(k);
      if (!options.size) continue;
      const sumOf = (o: CalcFigure[]) => round(o.reduce((a, f) => a + f.value, 0));
      const fitting = [...options].filter(([, o]) => severity(total.value - sumOf(o), [...o, total]) === 'rounding').map(([k]) => k);
      results.push({ total, options, exact: [...options.values()].some((o) => near(sumOf(o), total.value)), fitting, col });
    }
    const votes = new Map<string, number>();
    for (const r of results) for (const k of r.fitting) votes.set(k, (votes.get(k) ?? 0) + 1);
    const way = [...votes].sort((x, y) => y[1] - x[1] || (x[0] === 'since' ? -1 : 0))[0]?.[0];
    if (!way) continue;
    for (const { total, options, exact, col } of results) {
      checked++;
      const cells = options.get(way) ?? options.get('since');
      if (exact || !cells) continue;
      const expected = round(cells.reduce((a, f) => a + f.value, 0));
      const diff = round(total.value - expected);
      problems.push(
        Inconsistency.parse({
          check: 'sum-row',
          documentId: view.documentId,
          tableId: view.table.id,
          label: total.label,
          column: col.header.join(' '),
          expected,
          printed: total.value,
          difference: diff,
          severity: severity(diff, [...cells, total]),
          description: `${total.label} (${col.header.join(' ')}): raderna ${cells.map((f) => f.label).join(', ')} summerar till ${formatAmount(expected, total.unit)}, tabellen anger ${formatAmount(total.value, total.unit)} (skillnad ${formatAmount(diff, total.unit)})`,
          cells: [...cells, total],
        }),
      );
    }
  }
  return { checked, problems };
}

/** `Budget − Utfall = Avvikelse` per row, for each period with all three columns, in the sign convention the table uses. */
function deviations(view: TableView): { checked: number; problems: Inconsistency[] } {
  let checked = 0;
  const problems: Inconsistency[] = [];
  const key = (c: TableView['columns'][number]) => `${c.period.year}|${c.period.span ?? 'helår'}|${c.qualifier ?? ''}`;
  const groups = new Map<string, TableView['columns']>();
  for (const c of view.columns) if (c.index > 0 && c.period.year !== null) groups.set(key(c), [...(groups.get(key(c)) ?? []), c]);
  for (const cols of groups.values()) {
    const budget = cols.find((c) => c.measure === 'budget');
    const outcome = cols.find((c) => c.measure === 'utfall') ?? cols.find((c) => c.measure === 'prognos');
    const dev = cols.find((c) => c.measure === 'avvikelse');
    if (!budget || !outcome || !dev) continue;
    const at = (row: number, col: number) => view.figures.find((f) => f.source.row === row && f.source.col === col);
    const triples = view.rows.flatMap((_, r) => {
      const [b, o, d] = [at(r, budget.index), at(r, outcome.index), at(r, dev.index)];
      return b && o && d ? [{ b, o, d }] : [];
    });
    // The convention is the one most rows follow: costs printed positive give budget − outcome, negative outcome − budget.
    const holds = (sign: 1 | -1) => triples.filter(({ b, o, d }) => Math.abs(sign * (b.value - o.value) - d.value) <= 10 ** -Math.max(decimals(b), decimals(o), decimals(d)) + 1e-9).length;
    const sign: 1 | -1 = holds(1) >= holds(-1) ? 1 : -1;
    for (const { b, o, d } of triples) {
      checked++;
      const expected = round(sign * (b.value - o.value));
      const diff = round(d.value - expected);
      if (near(diff, 0)) continue;
      const formula = sign === 1 ? `${b.columnLabel.join(' ')} − ${o.columnLabel.join(' ')}` : `${o.columnLabel.join(' ')} − ${b.columnLabel.join(' ')}`;
      problems.push(
        Inconsistency.parse({
          check: 'budget-outcome-deviation',
          documentId: view.documentId,
          tableId: view.table.id,
          label: d.label,
          column: d.columnLabel.join(' '),
          expected,
          printed: d.value,
          difference: diff,
          severity: severity(diff, [b, o, d]),
          description: `${d.label}: ${formula} = ${formatAmount(expected, d.unit)}, tabellen anger ${formatAmount(d.value, d.unit)} (skillnad ${formatAmount(diff, d.unit)})`,
          cells: [b, o, d],
        }),
      );
    }
  }
  return { checked, problems };
}

/** A document's sum rows against the same row, measure and period in the other documents (a later report's revision). */
function acrossDocuments(doc: CalcDocument, others: CalcDocument[]): { checked: number; problems: Inconsistency[] } {
  let checked = 0;
  const problems: Inconsistency[] = [];
  const theirs = allFigures(others.filter((o) => o.document.id !== doc.document.id));
  const mine = allFigures([doc]);
  // Labels per table, to tell the same table in another document from another table with a `Nettokostnad` row.
  const labels = new Map<string, Set<string>>();
  for (const f of [...mine, ...theirs]) {
    const k = `${f.source.documentId}|${f.source.tableId}`;
    labels.set(k, (labels.get(k) ?? new Set()).add(f.labelKey));
  }
  const sameTable = (a: CalcFigure, b: CalcFigure) => {
    const la = labels.get(`${a.source.documentId}|${a.source.tableId}`)!;
    const lb = labels.get(`${b.source.documentId}|${b.source.tableId}`)!;
    return [...la].filter((l) => l !== a.labelKey && lb.has(l)).length >= 2;
  };
  for (const f of mine.filter((g) => g.rowKind === 'total' && g.period.year !== null)) {
    const same = theirs.filter(
      (g) =>
        sameTable(f, g) &&
        g.measure === f.measure &&
        g.period.year === f.period.year &&
        (g.period.span ?? 'helår') === (f.period.span ?? 'helår') &&
        g.qualifier === f.qualifier &&
        sameLabel(g.label, f.label),
    );
    for (const g of same) {
      const other = convert(g.value, g.unit, f.unit);
      if (other === null) continue;
      checked++;
      // Compare at the coarser of the two printings: 607 977 tkr and 608,0 mnkr agree.
      const tolerance = Math.max(convert(10 ** -decimals(g), g.unit, f.unit)!, 10 ** -decimals(f)) / 2;
      const diff = round(f.value - other);
      if (Math.abs(diff) <= tolerance + 1e-9) continue;
      problems.push(
        Inconsistency.parse({
          check: 'across-documents',
          documentId: f.source.documentId,
          tableId: f.source.tableId,
          label: f.label,
          column: f.columnLabel.join(' '),
          expected: round(other),
          printed: f.value,
          difference: diff,
          severity: 'error',
          description: `${f.label} ${f.measure} ${f.period.text}: ${formatAmount(f.value, f.unit)} här, ${formatAmount(g.value, g.unit)} i ${g.source.documentId} (s. ${g.source.page})`,
          cells: [f, g],
        }),
      );
    }
  }
  return { checked, problems };
}

/**
 * Checks a document's tables: sum rows against their rows, `Budget − Utfall = Avvikelse`, and its totals against the
 * other documents'. Each broken identity is listed with the cells involved.
 */
export function checkDocument(doc: CalcDocument, others: CalcDocument[] = [], tableId?: string): ConsistencyReport {
  const views = viewTables(doc).filter((v) => !tableId || v.table.id === tableId);
  const parts = [...views.flatMap((v) => [sumRows(v), deviations(v)]), acrossDocuments(doc, others)];
  const checked = parts.reduce((a, p) => a + p.checked, 0);
  const problems = parts.flatMap((p) => p.problems);
  return ConsistencyReport.parse({ documentId: doc.document.id, checked, held: checked - problems.length, problems });
}
