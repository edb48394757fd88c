import type { MeasureKind, Period, PeriodSpec } from '../model/calc.ts';
import { parseYear } from '../../ingest/numbers/parse.ts';
import { unitIn } from './units.ts';

export interface ColumnReading {
  measure: MeasureKind;
  period: Period;
  qualifier: string | null;
  unit: string | null;
}

// Order matters: `Budget-Utfall` is a deviation before it is a budget, `Prognos 2 Budget` a budget before a forecast.
const KINDS: [MeasureKind, RegExp][] = [
  // `Återstår` (what remains of the budget) is budget minus outcome: a deviation.
  ['avvikelse', /budget\s*[-–−]\s*(?:utfall|prognos)|avvik|differens|budgetavvikelse|återstår|aterstar|återstående/],
  ['förbrukning', /förbruk|forbruk/],
  ['målvärde', /målvärde|malvarde|målnivå/],
  ['förändring', /förändring|forandring/],
  ['budget', /budget|rambudget/],
  ['prognos', /prognos|bedömning|bedomning/],
  ['utfall', /utfall|bokslut|resultat|redovisat/],
  ['plan', /\bplan(?:ering)?\b/],
  ['belopp', /belopp|kostnad|\b(?:tkr|mnkr|kr)\b/],
];

/**
 * The measure kind a header or a question's column phrase names, read the same way for both: the first kind above
 * that matches (`Budget-Utfall` is a deviation, `Förändring budget 23/24` a change), or null.
 */
export function measureIn(text: string): MeasureKind | null {
  const lower = text.toLowerCase();
  return KINDS.find(([, re]) => re.test(lower))?.[0] ?? null;
}

// `2022`, and `2 022` as some layouts print it; not a decimal's digits (`2022,5`).
const YEAR = /(?<![\d,])((?:19|20)\d{2}|2 0\d{2})(?!\d|,\d)/g;
const MONTHS = 'jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec';
const SPAN = new RegExp(`\\b(jan)[a-zé]*\\.?\\s*[-–—]\\s*(${MONTHS})[a-zé]*\\.?`, 'i');
const ROUND = /prognos\s*(\d)\b/i;
const MONTH_ROUND = new RegExp(`\\(((?:${MONTHS})[a-zé]*)\\)`, 'i');
// Words that say what the column is, not which variant: what remains after them is the qualifier (`Soc öster`).
const NOISE = new RegExp(
  [
    'budget\\s*[-–−]\\s*(?:utfall|prognos)',
    'utfall',
    'budget',
    'rambudget',
    'prognos\\s*\\d?',
    'bedömning',
    'bokslut',
    'avvikelse',
    'förbrukn\\w*',
    'förbrukat',
    'målvärde',
    'planering',
    'plan',
    'förändring',
    'belopp',
    'helår',
    'mätperiod',
    'i',
    'tkr',
    'mnkr',
    'kr',
    'år',
    'totalt',
    '\\(prel\\)',
  ].join('|'),
  'gi',
);

function yearsIn(text: string): number[] {
  const years: number[] = [];
  for (const m of text.matchAll(YEAR)) {
    const y = parseYear(m[1]!);
    if (y !== null) years.push(y);
  }
  return years;
}

/** Reads a column's header path (`Prognos 2` / `Budget-Utfall`) into measure kind, period, qualifier and unit. */
export function readColumn(headerPath: string[], documentYear: number | null): ColumnReading {
  const text = [...new Set(headerPath.map((h) => h.replace(/\s+/g, ' ').trim()).filter(Boolean))].join(' ');
  const measure = measureIn(text) ?? 'värde';
  const years = yearsIn(text);
  const span = SPAN.exec(text);
  const round = ROUND.exec(text) ?? null;
  const monthRound = MONTH_ROUND.exec(text);
  // An interim report's `Period` column is the year to date, not the whole year.
  const spanText = span ? `${span[1]!.toLowerCase()}–${span[2]!.toLowerCase()}` : /helår/i.test(text) || round ? 'helår' : /(?<![\p{L}])period(?![\p{L}])/iu.test(text) ? 'period' : null;
  let year: number | null = years.at(-1) ?? null;
  let yearFrom: Period['yearFrom'] = year === null ? null : 'header';
  // `Bokslut fg år`, `föregående år`: the year before the document's.
  if (year === null && documentYear !== null && /(?<![\p{L}])(?:fg\.?|föreg(?:ående)?\.?|förra)\s*år(?:et)?(?![\p{L}])/iu.test(text)) {
    year = documentYear - 1;
    yearFrom = 'document';
  }
  // `Prognos 2 Helår` and `Prognos 2 Budget-Utfall` are this document's year.
  if (year === null && (round || spanText) && documentYear !== null) {
    year = documentYear;
    yearFrom = 'document';
  }
  const roundText = round ? `Prognos ${round[1]}` : monthRound ? monthRound[1]!.toLowerCase() : null;
  let rest = text
    .replace(SPAN, ' ')
    .replace(YEAR, ' ')
    .replace(MONTH_ROUND, ' ')
    .replace(/\b\d{2}\/\d{2}\b/g, ' ')
    .replace(NOISE, ' ')
    .replace(/[%(),:]|\s[-–]\s/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/\p{L}{2}/u.test(rest)) rest = '';
  return {
    measure,
    period: { year, yearFrom, span: spanText, round: roundText, text: periodText(year, spanText, roundText) },
    qualifier: rest || null,
    unit: unitIn(text),
  };
}

export function periodText(year: number | null, span: string | null, round: string | null): string {
  return [round ? (round.startsWith('Prognos') ? round : `(${round})`) : null, span, year].filter((x) => x !== null).join(' ');
}

/** Reads what a user or router writes for a period or column (`Prognos 2`, `jan–aug 2022`, `Budget 2024`). */
export function readColumnSpec(text: string): { measure: MeasureKind | undefined; period: PeriodSpec; qualifier: string | undefined } {
  const r = readColumn([text], null);
  const period: PeriodSpec = {};
  if (r.period.year !== null) period.year = r.period.year;
  if (r.period.span !== null && !(r.period.span === 'helår' && !/helår/i.test(text))) period.span = r.period.span;
  if (r.period.round !== null) period.round = r.period.round;
  return { measure: r.measure === 'värde' ? undefined : r.measure, period, qualifier: r.qualifier ?? undefined };
}

/** Whether a column's period satisfies what was asked; a whole year (no span) counts as `helår`. */
export function periodMatches(period: Period, spec: PeriodSpec | undefined): boolean {
  if (!spec) return true;
  if (spec.year !== undefined && period.year !== spec.year) return false;
  if (spec.span !== undefined && (period.span ?? 'helår') !== spec.span.toLowerCase().replace('-', '–')) return false;
  if (spec.round !== undefined && period.round?.toLowerCase() !== spec.round.toLowerCase()) return false;
  return true;
}
