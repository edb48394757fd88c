import { BudgetOutcome, BudgetOutcomeInput, BudgetOutcomeRow, type CalcFigure } from '../model/calc.ts';
import { viewTables, type CalcDocument, type TableView } from './figures.ts';
import { periodMatches } from './measures.ts';
import { formatAmount, formatNumber, round } from './format.ts';

type Column = TableView['columns'][number];
const periodKey = (c: Column) => `${c.period.year}|${c.period.span ?? 'helår'}|${c.qualifier ?? ''}`;

/**
 * Budget against outcome (or forecast) per row, for periods where a table prints both but no deviation column. The
 * deviation is positive when better than budget: `budget − utfall` where costs are printed positive, `utfall − budget`
 * where they are printed negative (decided by the sign of the outcome column's total, else of most of its rows).
 */
export function budgetVsOutcome(doc: CalcDocument, input: BudgetOutcomeInput): BudgetOutcome[] {
  const q = BudgetOutcomeInput.parse(input);
  const out: BudgetOutcome[] = [];
  for (const view of viewTables(doc)) {
    if (q.tableId && view.table.id !== q.tableId) continue;
    const groups = new Map<string, Column[]>();
    for (const c of view.columns) {
      if (c.index === 0 || c.period.year === null || !periodMatches(c.period, q.period)) continue;
      if (q.qualifier && !(c.qualifier ?? '').toLowerCase().includes(q.qualifier.toLowerCase())) continue;
      groups.set(periodKey(c), [...(groups.get(periodKey(c)) ?? []), c]);
    }
    for (const cols of groups.values()) {
      const budget = cols.find((c) => c.measure === 'budget');
      const outcome = cols.find((c) => c.measure === 'utfall') ?? cols.find((c) => c.measure === 'prognos');
      if (!budget || !outcome || cols.some((c) => c.measure === 'avvikelse')) continue;
      const at = (row: number, col: number) => view.figures.find((f) => f.source.row === row && f.source.col === col);
      const pairs = view.rows.flatMap((r, i) => {
        const [b, o] = [at(i, budget.index), at(i, outcome.index)];
        return b && o && r.kind !== 'group' ? [{ b, o }] : [];
      });
      if (!pairs.length) continue;
      const totalOutcome = pairs.find((p) => p.o.rowKind === 'total')?.o;
      const negatives = pairs.filter((p) => p.o.value < 0).length;
      const costsNegative = totalOutcome ? totalOutcome.value < 0 : negatives > pairs.length / 2;
      const rows = pairs.map(({ b, o }) => {
        const deviation = round(costsNegative ? o.value - b.value : b.value - o.value);
        return BudgetOutcomeRow.parse({
          label: o.label,
          budget: b,
          outcome: o,
          deviation,
          deviationPct: b.value === 0 ? null : round((deviation / Math.abs(b.value)) * 100, 4),
          result: deviation < 0 ? 'underskott' : deviation > 0 ? 'överskott' : 'balans',
        });
      });
      const unit = outcome.unit ?? pairs[0]!.o.unit;
      const words = costsNegative ? `${outcome.header.join(' ')} − ${budget.header.join(' ')}` : `${budget.header.join(' ')} − ${outcome.header.join(' ')}`;
      out.push(
        BudgetOutcome.parse({
          documentId: view.documentId,
          tableId: view.table.id,
          caption: view.table.caption,
          unit,
          convention: costsNegative ? 'outcome-minus-budget' : 'budget-minus-outcome',
          rows,
          formula: `avvikelse = ${words} (kostnader ${costsNegative ? 'negativa' : 'positiva'}; negativ avvikelse = underskott), i % av budget: ${rows
            .map((r) => `${r.label} ${formatAmount(r.deviation, unit)}${r.deviationPct === null ? '' : ` (${formatNumber(round(r.deviationPct, 1))} %)`}`)
            .join('; ')}`,
          figures: pairs.flatMap((p): CalcFigure[] => [p.b, p.o]),
        }),
      );
    }
  }
  return out;
}
