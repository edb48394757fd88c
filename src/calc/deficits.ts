import { AreaValue, Breakdown, BreakdownInput, type CalcFigure, type MeasureKind } from '../model/calc.ts';
import { viewTables, type CalcDocument, type TableView } from './figures.ts';
import { sameLabel } from './labels.ts';
import { periodMatches } from './measures.ts';
import { formatAmount, formatNumber, round } from './format.ts';

type Column = TableView['columns'][number];

/** Rank of a column when no period is asked for: the latest year, a whole year before part of one. */
function columnRank(c: Column): number {
  return (c.period.year ?? 0) * 10 + (c.period.span === null || c.period.span === 'helår' ? 2 : 0) + (c.period.yearFrom === 'header' ? 1 : 0);
}

/** `Varav …` prints a part of the row above it, not a row of the same level. */
const PART_OF_ABOVE = /^varav\b/i;

/**
 * The rows a column breaks down: the data rows of the column through its group and sum rows (a deviation column runs
 * on past a block's sum row to the areas below it). Below the first sum row, a row filled in fewer columns than the
 * rows above it is a reconciliation line (`Ingående ackumulerat resultat`), not an area. The table's own total is the
 * sum row that agrees with the rows' sum, else the last sum row after them (printed totals are sometimes wrong, and
 * the formula then shows the difference).
 */
function areasOf(view: TableView, col: number): { areas: CalcFigure[]; total: CalcFigure | null } {
  const inCol = new Map(view.figures.filter((f) => f.source.col === col).map((f) => [f.source.row, f]));
  const width = new Map<number, number>();
  for (const f of view.figures) width.set(f.source.row, (width.get(f.source.row) ?? 0) + 1);
  const areas: CalcFigure[] = [];
  const totals: CalcFigure[] = [];
  let blockWidth = Infinity;
  for (let r = 0; r < view.rows.length; r++) {
    const f = inCol.get(r);
    const row = view.rows[r]!;
    if (row.kind === 'total' && f && areas.length) totals.push(f);
    if (row.kind !== 'data' || !f || PART_OF_ABOVE.test(row.label)) continue;
    const w = width.get(r) ?? 0;
    if (!totals.length) blockWidth = Math.min(blockWidth, w);
    else if (w < blockWidth) continue;
    areas.push(f);
  }
  const sum = round(areas.reduce((a, f) => a + f.value, 0));
  const lastRow = areas.at(-1)?.source.row ?? -1;
  const total = totals.find((t) => round(t.value) === sum) ?? totals.filter((t) => t.source.row > lastRow).at(-1) ?? null;
  return { areas, total };
}

function breakdownOf(view: TableView, column: Column, isDeviation: boolean): Breakdown | null {
  const { areas: figs, total } = areasOf(view, column.index);
  if (!figs.length) return null;
  const unit = figs[0]!.unit;
  const sum = round(figs.reduce((a, f) => a + f.value, 0));
  const sameSign = figs.every((f) => f.value <= 0) || figs.every((f) => f.value >= 0);
  const areas = figs
    .map((f) =>
      AreaValue.parse({
        label: f.label,
        value: f.value,
        sharePct: sameSign && sum !== 0 ? round((f.value / sum) * 100, 2) : null,
        result: isDeviation ? (f.value < 0 ? 'underskott' : f.value > 0 ? 'överskott' : 'balans') : null,
        figure: f,
      }),
    )
    .sort((a, b) => a.value - b.value);
  const deficitSum = round(figs.filter((f) => f.value < 0).reduce((a, f) => a + f.value, 0));
  const surplusSum = round(figs.filter((f) => f.value > 0).reduce((a, f) => a + f.value, 0));
  const columnText = column.header.join(' ');
  const totalDifference = total ? round(sum - total.value) : null;
  const formula = [
    `${view.table.caption || view.table.id}, kolumn "${columnText}" (${column.measure}${column.period.text ? `, ${column.period.text}` : ''}):`,
    `summa av ${figs.length} rader = ${figs.map((f) => formatNumber(f.value)).join(' + ')} = ${formatAmount(sum, unit)}`,
    isDeviation ? `; underskott (negativ avvikelse) sammanlagt ${formatAmount(deficitSum, unit)}, överskott ${formatAmount(surplusSum, unit)}` : '',
    total ? `; tabellens ${total.label} ${formatAmount(total.value, unit)}${totalDifference ? `, skillnad ${formatAmount(totalDifference, unit)}` : ', stämmer'}` : '',
  ].join('');
  return Breakdown.parse({
    documentId: view.documentId,
    tableId: view.table.id,
    caption: view.table.caption,
    column: { index: column.index, header: column.header, measure: column.measure, period: column.period, qualifier: column.qualifier },
    unit,
    areas,
    sum,
    deficitSum,
    surplusSum,
    largest: areas.at(-1) ?? null,
    smallest: areas[0] ?? null,
    printedTotal: total,
    totalDifference,
    formula,
    figures: total ? [...figs, total] : figs,
  });
}

/**
 * The rows of one column of each table of a document, sorted, with their sum and the table's own total: one result per
 * table that has a column of the measure (and period) asked for, the best column per table when no period is given.
 */
export function breakdown(doc: CalcDocument, input: BreakdownInput, defaultMeasure?: MeasureKind): Breakdown[] {
  const q = BreakdownInput.parse(input);
  if (doc.document.id !== q.documentId) throw new Error(`document ${q.documentId} not given (got ${doc.document.id})`);
  const measure = q.measure ?? defaultMeasure;
  const out: Breakdown[] = [];
  for (const view of viewTables(doc)) {
    if (q.tableId && view.table.id !== q.tableId) continue;
    if (q.containsLabel && !view.rows.some((r) => sameLabel(r.label, q.containsLabel!))) continue;
    const columns = view.columns
      .filter((c) => c.index > 0 && (measure === undefined || c.measure === measure) && periodMatches(c.period, q.period))
      .filter((c) => q.qualifier === undefined || (c.qualifier ?? '').toLowerCase().includes(q.qualifier.toLowerCase()))
      .sort((a, b) => columnRank(b) - columnRank(a));
    for (const c of columns) {
      const b = breakdownOf(view, c, c.measure === 'avvikelse');
      if (b) {
        out.push(b);
        break;
      }
    }
  }
  return out;
}

/** Deficits and surpluses per area: the breakdown of a deviation column (negative = underskott). */
export function deficits(doc: CalcDocument, input: BreakdownInput): Breakdown[] {
  return breakdown(doc, input, 'avvikelse');
}
