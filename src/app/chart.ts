import type { TopLevelSpec } from 'vega-lite';
import type { ChartSource } from '../answer/calculate.ts';
import { renderPng } from '../calc/charts/render.ts';
import { breakdownSpec, trendSpec as calcTrendSpec } from '../calc/charts/specs.ts';
import type { Answer } from '../model/answer.ts';

/** The chart of the calculation an answer states: the calc engine's own figures, labels and sources. */
export async function chartForCalculation(source: ChartSource): Promise<Uint8Array> {
  return renderPng(source.kind === 'breakdown' ? breakdownSpec(source.breakdown) : calcTrendSpec(source.trend));
}

/**
 * A chart of an answer's figures, for answers whose calculation is not at hand (the LLM path): a line over the years for a trend, bars per area for a calculation that
 * compares areas. The figures are the answer's own (each with its source in the answer); the caption names the
 * documents and pages. Null when there is nothing worth drawing.
 */
export async function chartForAnswer(answer: Answer): Promise<Uint8Array | null> {
  if (answer.refused) return null;
  const spec = answer.kind === 'trend' ? trendSpec(answer) : answer.kind === 'calculation' ? barSpec(answer) : null;
  return spec ? renderPng(spec) : null;
}

function sourceLine(answer: Answer): string {
  const byDoc = new Map<string, Set<number>>();
  for (const c of answer.citations) byDoc.set(c.document, (byDoc.get(c.document) ?? new Set()).add(c.page));
  return [...byDoc].map(([d, p]) => `${d} s. ${[...p].sort((a, b) => a - b).join(', ')}`).join('; ');
}

function trendSpec(answer: Answer): TopLevelSpec | null {
  const points = answer.values
    .map((v) => ({ year: Number(/(?:19|20)\d{2}/.exec(v.period)?.[0]), value: v.value, label: v.label }))
    .filter((p) => Number.isFinite(p.year));
  const years = new Set(points.map((p) => p.year));
  if (years.size < 2) return null;
  const unit = answer.values[0]?.unit ?? '';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 600,
    height: 300,
    title: { text: `${answer.values[0]?.label ?? ''}${unit ? ` (${unit})` : ''}`, subtitle: [`Källa: ${sourceLine(answer)}`], anchor: 'start' },
    data: { values: points },
    encoding: {
      x: { field: 'year', type: 'quantitative', title: 'År', axis: { format: 'd', tickMinStep: 1 }, scale: { zero: false, nice: false, padding: 12 } },
      y: { field: 'value', type: 'quantitative', title: unit, axis: { format: ',~f' }, scale: { zero: false } },
    },
    layer: [{ mark: { type: 'line', point: true, color: '#1f5f8b' } }, { mark: { type: 'text', dy: -10, fontSize: 10 }, encoding: { text: { field: 'value', type: 'quantitative', format: ',~f' } } }],
    config: { font: 'DejaVu Sans', view: { stroke: null } },
  } as TopLevelSpec;
}

function barSpec(answer: Answer): TopLevelSpec | null {
  const labels = new Set(answer.values.map((v) => v.label));
  const units = new Set(answer.values.map((v) => v.unit));
  // Bars compare areas: at least three of them, in one unit.
  if (labels.size < 3 || labels.size !== answer.values.length || units.size !== 1) return null;
  const unit = [...units][0]!;
  const values = answer.values.map((v) => ({ area: v.label, value: v.value, sign: v.value < 0 ? 'underskott / kostnad' : 'överskott / intäkt' }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 520,
    height: { step: 26 },
    title: { text: answer.values[0]?.period || 'Per område', subtitle: [`Källa: ${sourceLine(answer)}`], anchor: 'start' },
    data: { values },
    encoding: {
      y: { field: 'area', type: 'nominal', sort: { field: 'value', order: 'ascending' }, title: null, axis: { labelLimit: 260 } },
      x: { field: 'value', type: 'quantitative', title: unit, axis: { format: ',~f' } },
    },
    layer: [
      { mark: 'bar', encoding: { color: { field: 'sign', type: 'nominal', title: null, scale: { range: ['#c0392b', '#2e8b57'] } } } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 }, encoding: { text: { field: 'value', type: 'quantitative', format: ',~f' }, x: { datum: 0 } } },
    ],
    config: { font: 'DejaVu Sans', view: { stroke: null } },
  } as TopLevelSpec;
}
