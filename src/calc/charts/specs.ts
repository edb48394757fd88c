import type { TopLevelSpec } from 'vega-lite';
import type { Breakdown, Trend } from '../../model/calc.ts';
import { formatNumber } from '../format.ts';

const FONT = 'DejaVu Sans';
const config = {
  font: FONT,
  axis: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 15, subtitleFontSize: 11, subtitleColor: '#555', anchor: 'start' as const },
  view: { stroke: null },
};

function sources(figs: { source: { documentId: string; page: number; tableId: string } }[]): string[] {
  const byDoc = new Map<string, Set<number>>();
  for (const f of figs) byDoc.set(f.source.documentId, (byDoc.get(f.source.documentId) ?? new Set()).add(f.source.page));
  return [...byDoc].map(([d, pages]) => `Källa: ${d}, s. ${[...pages].sort((a, b) => a - b).join(', ')}`);
}

const KINDS = ['utfall', 'prognos', 'plan', 'budget', 'avvikelse'];
const COLORS: Record<string, string> = { utfall: '#1f5f8b', prognos: '#e07b39', plan: '#7a7a7a', budget: '#9b59b6', avvikelse: '#2e8b57' };

/** A line chart of a trend: one point per year, outcome solid, forecasts hollow, conflicting years flagged. */
export function trendSpec(t: Trend): TopLevelSpec {
  // A new line segment after each gap in the years, so that missing years are not drawn as if known.
  let segment = 0;
  const values = t.points.map((p, i) => ({
    segment: i > 0 && p.year - t.points[i - 1]!.year > 1 ? ++segment : segment,
    year: p.year,
    value: p.value,
    label: formatNumber(p.value),
    kind: p.measure === 'utfall' || p.measure === 'värde' ? 'utfall' : p.measure,
    doc: p.figure.source.documentId,
    conflict: p.conflict ? 'olika värden i dokumenten' : '',
  }));
  const conflicts = t.points.filter((p) => p.conflict).map((p) => p.year);
  const others = [...new Set(t.points.flatMap((p) => p.alternatives.map((a) => a.source.documentId)))].filter((d) => !t.points.some((p) => p.figure.source.documentId === d));
  const present = new Set<string>(values.map((v) => v.kind));
  const kinds = [...KINDS.filter((k) => present.has(k)), ...[...present].filter((k) => !KINDS.includes(k))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 640,
    height: 320,
    title: {
      text: `${t.label}${t.unit ? ` (${t.unit})` : ''}`,
      subtitle: [
        ...sources(t.points.map((p) => p.figure)),
        ...(t.missingYears.length ? [`Uppgift saknas för ${t.missingYears.join(', ')}.`] : []),
        ...(conflicts.length ? [`Olika värden i dokumenten för ${conflicts.join(', ')}: senare dokuments värde visas${others.length ? ` (andra värden i ${others.join(', ')})` : ''}.`] : []),
      ],
    },
    data: { values },
    layer: [
      { mark: { type: 'line', color: '#1f5f8b' }, encoding: { x: { field: 'year', type: 'quantitative' }, y: { field: 'value', type: 'quantitative' }, detail: { field: 'segment', type: 'nominal' } } },
      {
        mark: { type: 'point', size: 60, filled: true },
        encoding: {
          x: { field: 'year', type: 'quantitative' },
          y: { field: 'value', type: 'quantitative' },
          shape: { field: 'kind', type: 'nominal', title: 'Värde', scale: { domain: kinds } },
          color: { field: 'kind', type: 'nominal', title: 'Värde', scale: { domain: kinds, range: kinds.map((k) => COLORS[k] ?? '#333333') } },
        },
      },
      { mark: { type: 'text', dy: -10, fontSize: 10 }, encoding: { x: { field: 'year', type: 'quantitative' }, y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } } },
    ],
    encoding: {
      x: { field: 'year', type: 'quantitative', title: 'År', axis: { format: 'd', tickMinStep: 1 }, scale: { zero: false, nice: false, padding: 12 } },
      y: { field: 'value', type: 'quantitative', title: t.unit ?? '', axis: { format: ',~f' }, scale: { zero: false } },
    },
    config,
  } as TopLevelSpec;
}

/** A horizontal bar chart of a breakdown per area: deficits red, surpluses green, the sum and printed total in the caption. */
export function breakdownSpec(b: Breakdown): TopLevelSpec {
  const values = b.areas.map((a) => ({ area: a.label, value: a.value, label: formatNumber(a.value), sign: a.value < 0 ? 'underskott' : 'överskott' }));
  const unit = b.unit ? ` ${b.unit}` : '';
  const totalLine = b.printedTotal
    ? `Summa ${formatNumber(b.sum)}${unit}; tabellens ${b.printedTotal.label} ${formatNumber(b.printedTotal.value)}${unit}${b.totalDifference ? ` (skillnad ${formatNumber(b.totalDifference)})` : ''}`
    : `Summa ${formatNumber(b.sum)}${unit}`;
  const deviation = b.column.measure === 'avvikelse';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 560,
    height: { step: 28 },
    title: {
      text: `${deviation ? 'Avvikelse' : b.column.measure[0]!.toUpperCase() + b.column.measure.slice(1)} per rad, ${b.column.header.join(' ')}${b.caption && !/^t\d+$/.test(b.caption) ? ` – ${b.caption}` : ''}`,
      subtitle: [totalLine, ...(deviation ? [`Underskott sammanlagt ${formatNumber(b.deficitSum)}${unit}, överskott ${formatNumber(b.surplusSum)}${unit}`] : []), ...sources(b.figures)],
    },
    data: { values },
    encoding: {
      y: { field: 'area', type: 'nominal', sort: { field: 'value', order: 'ascending' }, title: null, axis: { labelLimit: 260 } },
      x: { field: 'value', type: 'quantitative', title: b.unit ?? '', axis: { format: ',~f' } },
    },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: deviation
          ? { color: { field: 'sign', type: 'nominal', title: null, scale: { domain: ['underskott', 'överskott'], range: ['#c0392b', '#2e8b57'] } } }
          : { color: { value: '#1f5f8b' } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 },
        encoding: { text: { field: 'label' }, x: { datum: 0 } },
      },
    ],
    config,
  } as TopLevelSpec;
}
