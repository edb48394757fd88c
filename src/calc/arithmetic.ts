import { ArithmeticResult, ChangeInput, type CalcFigure } from '../model/calc.ts';
import { queryFigures } from './figures.ts';
import { formatAmount, formatNumber, round } from './format.ts';
import { commonUnit, convert } from './units.ts';

/** Values in one unit (the first figure's, money converted), or an error naming the figures that do not convert. */
function inOneUnit(figures: CalcFigure[]): { unit: string | null; values: number[] } {
  const unit = commonUnit(figures.map((f) => f.unit));
  const values = figures.map((f) => convert(f.value, f.unit, unit));
  if (values.some((v) => v === null)) {
    throw new Error(`figures in units that do not convert: ${figures.map((f) => `${f.label} (${f.unit ?? 'no unit'})`).join(', ')}`);
  }
  return { unit, values: values as number[] };
}

const show = (f: CalcFigure, v: number, unit: string | null) => `${f.label} ${f.period.text} ${formatAmount(v, unit)}`.replace(/\s+/g, ' ');

function result(r: Omit<ArithmeticResult, 'pct' | 'magnitudeChange'> & Partial<ArithmeticResult>): ArithmeticResult {
  return ArithmeticResult.parse({ pct: null, magnitudeChange: null, ...r, value: round(r.value) });
}

export function sum(figures: CalcFigure[]): ArithmeticResult {
  const { unit, values } = inOneUnit(figures);
  const value = values.reduce((a, b) => a + b, 0);
  const terms = figures.map((f, i) => formatAmount(values[i]!, null));
  return result({ operation: 'sum', value, unit, formula: `summa = ${terms.join(' + ')} = ${formatAmount(round(value), unit)}`, figures });
}

/** a − b. */
/** The difference of two percentages is in percentage points (procentenheter), not per cent. */
function pointsOf(unit: string | null): string | null {
  return unit === '%' ? 'procentenheter' : unit;
}

export function difference(a: CalcFigure, b: CalcFigure): ArithmeticResult {
  const { unit, values } = inOneUnit([a, b]);
  const value = values[0]! - values[1]!;
  return result({
    operation: 'difference',
    value,
    unit: pointsOf(unit),
    formula: `skillnad = ${show(a, values[0]!, unit)} − (${show(b, values[1]!, unit)}) = ${formatAmount(round(value), pointsOf(unit))}`,
    figures: [a, b],
  });
}

/** part / whole in %. */
export function share(part: CalcFigure, whole: CalcFigure): ArithmeticResult {
  const { values } = inOneUnit([part, whole]);
  if (values[1] === 0) throw new Error(`share of zero: ${whole.label}`);
  const value = (values[0]! / values[1]!) * 100;
  return result({
    operation: 'share',
    value,
    unit: '%',
    formula: `andel = ${show(part, values[0]!, whole.unit)} / ${show(whole, values[1]!, whole.unit)} = ${formatNumber(round(value, 1))} %`,
    figures: [part, whole],
  });
}

/**
 * Change from one figure to another: to − from, and in % of the first's magnitude. For two negatives (costs) the
 * growth of the magnitude is given too: a cost going from −115 to −124 grows by 9 (7,8 %).
 */
export function change(from: CalcFigure, to: CalcFigure): ArithmeticResult {
  const { unit, values } = inOneUnit([from, to]);
  const [a, b] = values as [number, number];
  const value = b - a;
  const pct = a === 0 ? null : (value / Math.abs(a)) * 100;
  const magnitudeChange = a < 0 && b < 0 ? Math.abs(b) - Math.abs(a) : null;
  const words = [
    `förändring = ${show(to, b, unit)} − (${show(from, a, unit)}) = ${formatAmount(round(value), pointsOf(unit))}`,
    pct === null ? null : `i procent: ${formatNumber(round(value))} / |${formatNumber(a)}| = ${formatNumber(round(pct, 1))} %`,
    magnitudeChange === null ? null : `beloppet (kostnaden) ${magnitudeChange >= 0 ? 'ökar' : 'minskar'} med ${formatAmount(round(Math.abs(magnitudeChange)), unit)} (${formatNumber(round(Math.abs(magnitudeChange / a) * 100, 1))} %)`,
  ];
  return result({ operation: 'change', value, unit: pointsOf(unit), pct: pct === null ? null : round(pct, 4), magnitudeChange: magnitudeChange === null ? null : round(magnitudeChange), formula: words.filter(Boolean).join('; '), figures: [from, to] });
}

function extreme(figures: CalcFigure[], operation: 'largest' | 'smallest'): ArithmeticResult {
  if (!figures.length) throw new Error(`${operation} of no figures`);
  const { unit, values } = inOneUnit(figures);
  let at = 0;
  values.forEach((v, i) => {
    if (operation === 'largest' ? v > values[at]! : v < values[at]!) at = i;
  });
  const f = figures[at]!;
  return result({
    operation,
    value: values[at]!,
    unit,
    formula: `${operation === 'largest' ? 'störst' : 'minst'} av ${figures.length}: ${show(f, values[at]!, unit)}`,
    figures: [f],
  });
}

export const largest = (figures: CalcFigure[]) => extreme(figures, 'largest');
export const smallest = (figures: CalcFigure[]) => extreme(figures, 'smallest');

/** The single figure a side of a comparison points at, or an error that says what was found instead. */
export function pickOne(figures: CalcFigure[], what: string): CalcFigure {
  const data = figures.length > 1 ? figures.filter((f) => f.uncertain === null) : figures;
  const distinct = new Map(data.map((f) => [`${f.value}|${f.unit}`, f]));
  if (distinct.size === 1) return [...distinct.values()][0]!;
  if (!distinct.size) throw new Error(`no figure for ${what}`);
  throw new Error(`${distinct.size} different figures for ${what}: ${[...distinct.values()].map((f) => `${f.value} (${f.source.documentId} ${f.source.tableId} "${f.columnLabel.join(' ')}")`).join('; ')}`);
}

/** A router's change question: one row label, two columns (`Budget 2023` → `Budget 2024`, `Bokslut 2022` → `Budget 2024`). */
export function changeBetween(figures: CalcFigure[], input: ChangeInput): ArithmeticResult {
  const q = ChangeInput.parse(input);
  const side = (s: typeof q.from, name: string) =>
    pickOne(
      queryFigures(figures, { label: q.label, documentId: s.documentId ?? q.documentId, tableId: q.tableId, measure: s.measure ? [s.measure] : undefined, period: s.period, qualifier: s.qualifier }),
      `${q.label} (${name})`,
    );
  return change(side(q.from, 'from'), side(q.to, 'to'));
}
