import { Trend, TrendInput, TrendPoint, type CalcFigure, type MeasureKind } from '../model/calc.ts';
import { OUTCOME_LIKE, allFigures, issuedAt, queryFigures, type CalcDocument } from './figures.ts';
import { formatAmount, formatNumber, round } from './format.ts';
import { convert } from './units.ts';

// Per year an outcome is preferred to a forecast or plan of the same document.
const KIND_RANK: Partial<Record<MeasureKind, number>> = { utfall: 0, värde: 1, prognos: 2, plan: 3 };

/**
 * An indicator over the years, stitched across documents by its (normalized, OCR-tolerant) row label. Each year takes
 * the figure of the latest-issued document (an outcome before a forecast within one document); the other documents'
 * figures for that year are kept as alternatives, and a differing value marks the point as a conflict.
 */
export function trend(docs: CalcDocument[], input: TrendInput): Trend {
  const q = TrendInput.parse(input);
  const issued = new Map(docs.map((d) => [d.document.id, issuedAt(d.document)]));
  const measures = q.measure ?? OUTCOME_LIKE;
  const candidates = docs
    .filter((d) => !q.documentIds || q.documentIds.includes(d.document.id))
    .flatMap((d) => queryFigures(allFigures([d]), { label: q.label, measure: measures }))
    .filter((f) => f.period.year !== null && (f.period.span === null || f.period.span === 'helår' || f.period.round !== null))
    .filter((f) => (q.qualifier ? (f.qualifier ?? '').toLowerCase().includes(q.qualifier.toLowerCase()) : f.qualifier === null))
    .filter((f) => (q.fromYear === undefined || f.period.year! >= q.fromYear) && (q.toYear === undefined || f.period.year! <= q.toYear));

  const rank = (f: CalcFigure) => [-(issued.get(f.source.documentId) ?? 0), KIND_RANK[f.measure] ?? 9, f.uncertain ? 1 : 0];
  const byYear = new Map<number, CalcFigure[]>();
  for (const f of onePerDocument(candidates)) byYear.set(f.period.year!, [...(byYear.get(f.period.year!) ?? []), f]);
  const years = [...byYear.keys()].sort((a, b) => a - b);
  let chosen = new Map(years.map((y) => [y, best(byYear.get(y)!, rank)]));
  chosen = withoutMisreadings(chosen, byYear);
  const unit = mostCommon([...chosen.values()].map((f) => f.unit));

  const points: TrendPoint[] = [];
  for (const year of years) {
    const pick = chosen.get(year)!;
    const valueOf = (f: CalcFigure) => convert(f.value, f.unit, unit) ?? f.value;
    const value = valueOf(pick);
    const alternatives = byYear.get(year)!.filter((f) => !sameCell(f, pick));
    const conflict = alternatives.some((f) => valueOf(f) !== value);
    const prev = points.at(-1);
    points.push(
      TrendPoint.parse({
        year,
        value,
        unit,
        measure: pick.measure,
        figure: pick,
        alternatives,
        conflict,
        change: prev ? round(value - prev.value) : null,
        changePct: prev && prev.value !== 0 ? round(((value - prev.value) / Math.abs(prev.value)) * 100, 4) : null,
      }),
    );
  }
  const first = points[0];
  const last = points.at(-1);
  const change = first && last && points.length > 1 ? round(last.value - first.value) : null;
  const changePct = change !== null && first!.value !== 0 ? round((change / Math.abs(first!.value)) * 100, 4) : null;
  const changePerYear = change !== null ? round(change / (last!.year - first!.year), 4) : null;
  const missingYears = first && last ? range(first.year, last.year).filter((y) => !byYear.has(y)) : [];
  const documents = [...new Set(points.map((p) => p.figure.source.documentId))];
  const label = displayLabel(candidates) ?? q.label;

  const formula = points.length
    ? [
        `${label}: ${points.map((p) => `${p.year} ${formatNumber(p.value)}${p.measure !== 'utfall' ? ` (${p.measure})` : ''}`).join(', ')}`,
        change !== null ? `; förändring ${first!.year}–${last!.year} = ${formatNumber(last!.value)} − ${formatNumber(first!.value)} = ${formatAmount(change, unit)}${changePct !== null ? ` (${formatNumber(round(changePct, 1))} %)` : ''}, per år ${formatAmount(round(changePerYear!, 1), unit)}` : '',
        missingYears.length ? `; saknas för ${missingYears.join(', ')}` : '',
        ...points
          .filter((p) => p.conflict)
          .map((p) => `; ${p.year}: ${p.figure.source.documentId} ger ${formatNumber(p.value)} (används${p.figure.uncertain ? `: ${p.figure.uncertain}` : ', senare dokument'}), ${p.alternatives.map((a) => `${a.source.documentId} ger ${formatAmount(a.value, a.unit)}`).join(', ')}`),
      ].join('')
    : `ingen serie för "${q.label}"`;
  return Trend.parse({ label, unit, points, missingYears, documents, change, changePct, changePerYear, formula, figures: points.flatMap((p) => [p.figure, ...p.alternatives]) });
}

function best(figs: CalcFigure[], rank: (f: CalcFigure) => (number | string)[]): CalcFigure {
  return [...figs].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! < rb[i]! ? -1 : 1;
    return 0;
  })[0]!;
}

/**
 * One row per document: where a label recurs in a document (`Nettokostnad` as a subtotal and as the total), the row
 * with the most years, the later one on a tie (the grand total is printed last).
 */
function onePerDocument(figures: CalcFigure[]): CalcFigure[] {
  const rows = new Map<string, CalcFigure[]>();
  for (const f of figures) {
    const key = `${f.source.documentId}|${f.source.tableId}|${f.source.row}`;
    rows.set(key, [...(rows.get(key) ?? []), f]);
  }
  const perDoc = new Map<string, CalcFigure[]>();
  for (const figs of rows.values()) {
    const doc = figs[0]!.source.documentId;
    const cur = perDoc.get(doc);
    if (!cur || figs.length >= cur.length) perDoc.set(doc, figs);
  }
  return [...perDoc.values()].flat();
}

/**
 * A year whose preferred figure is off from the rest of the series by more than a factor five while another document's
 * figure for it fits (OCR reading `2 690` as `2,690`): the fitting figure is used, and the choice is said.
 */
function withoutMisreadings(chosen: Map<number, CalcFigure>, byYear: Map<number, CalcFigure[]>): Map<number, CalcFigure> {
  const out = new Map(chosen);
  for (const [year, f] of chosen) {
    const others = [...chosen].filter(([y]) => y !== year).map(([, g]) => g.value);
    if (others.length < 2) continue;
    const median = [...others].sort((a, b) => a - b)[Math.floor(others.length / 2)]!;
    const off = (v: number) => median === 0 || v / median <= 0 || Math.max(v / median, median / v) > 5;
    if (!off(f.value)) continue;
    const fit = byYear.get(year)!.find((g) => !off(g.value));
    if (fit) out.set(year, { ...fit, uncertain: fit.uncertain ?? `${f.source.documentId} ger ${formatNumber(f.value)} (${f.source.raw.trim()}), långt från seriens övriga år: trolig felläsning` });
  }
  return out;
}

const sameCell = (a: CalcFigure, b: CalcFigure) =>
  a.source.documentId === b.source.documentId && a.source.tableId === b.source.tableId && a.source.row === b.source.row && a.source.col === b.source.col;

/** The label most documents print (so that one OCR'd document's `Virddygn` does not name the series). */
function displayLabel(figures: CalcFigure[]): string | null {
  const docs = new Map<string, Set<string>>();
  for (const f of figures) docs.set(f.label, (docs.get(f.label) ?? new Set()).add(f.source.documentId));
  return [...docs].sort((a, b) => b[1].size - a[1].size)[0]?.[0] ?? null;
}

function mostCommon(units: (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const u of units) if (u !== null) counts.set(u, (counts.get(u) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

