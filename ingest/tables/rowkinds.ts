import type { RowKind } from '../../src/model/document.ts';
import { isEmptyMark, parseSwedishNumber } from '../numbers/parse.ts';

const TOTAL_LABEL =
  /^(summa|s:a|totalt?|total\s|nettokostnad(er)?\b|netto\b|resultat\b|årets resultat|justerad avvikelse|hela nämnden|nämnden totalt)|\b(totalt|summa|total)$/i;

/**
 * Row kinds, shared by the tagged and geometry paths. `rows` are body rows, label first; `bold` says per row
 * whether all its text is bold.
 * - 'total': a sum row by its label (`Summa`, `Totalt`, `Nettokostnad`, `… totalt`), or a bold row with figures in
 *   a table whose other rows are not bold (a subtotal);
 * - 'group': a row with only a label, followed by rows with figures under it (`Barn`, `Unga`, `Vuxna`);
 * - 'data' otherwise.
 */
export function classifyRows(rows: string[][], bold: boolean[]): RowKind[] {
  const hasValues = rows.map((r) => r.slice(1).some((c) => c.trim() !== ''));
  const numeric = rows.map((r) => r.slice(1).some((c) => parseSwedishNumber(c) !== null || isEmptyMark(c)));
  const plainRows = rows.filter((_, i) => hasValues[i] && !bold[i]).length;
  return rows.map((r, i) => {
    const label = (r[0] ?? '').trim();
    if (!hasValues[i]) {
      if (!label) return 'data';
      // A label on its own heads the rows below when some row after it carries figures.
      const next = rows.findIndex((_, j) => j > i && hasValues[j]);
      return next > i ? 'group' : 'data';
    }
    if (label && TOTAL_LABEL.test(label)) return 'total';
    if (bold[i] && numeric[i] && plainRows > 0 && rows.length > 2) return 'total';
    return 'data';
  });
}
