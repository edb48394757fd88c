import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { loadEnv } from '../../config/env.ts';
import type { Breakdown, ConsistencyReport, Trend } from '../../model/calc.ts';
import { renderPng } from '../../calc/charts/render.ts';
import { breakdownSpec, trendSpec } from '../../calc/charts/specs.ts';
import { checkDocument } from '../../calc/consistency.ts';
import { breakdown, deficits } from '../../calc/deficits.ts';
import { cite, type CalcDocument } from '../../calc/figures.ts';
import { formatAmount, formatNumber } from '../../calc/format.ts';
import { readColumnSpec } from '../../calc/measures.ts';
import { trend } from '../../calc/trend.ts';
import { parseCommandArgs } from '../args.ts';
import { openStoredDocuments } from '../store.ts';
import { UsageError } from '../errors.ts';

const Args = z.object({
  doc: z.string().min(1).optional(),
  table: z.string().min(1).optional(),
  period: z.string().min(1).optional(),
  measure: z.string().min(1).optional(),
  data: z.string().min(1).optional(),
  png: z.string().min(1).optional(),
  json: z.boolean().default(false),
  positionals: z.array(z.string()).min(1, { message: 'give a subcommand: deficits, trend or check' }),
});
const USAGE = [
  'calc deficits --doc ID [--table tN] [--period "Prognos 2"] [--measure budget] [--json] [--png FILE]',
  'calc trend "LABEL" [--doc ID] [--json] [--png FILE]',
  'calc check ID [--table tN] [--json]',
].join('\n       namndkoll ');
const OPTIONS = {
  doc: { type: 'string' },
  table: { type: 'string' },
  period: { type: 'string' },
  measure: { type: 'string' },
  data: { type: 'string' },
  png: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, OPTIONS, Args, USAGE);
  const [sub, ...rest] = args.positionals;
  const dataDir = args.data ?? loadEnv().NAMNDKOLL_DATA;
  const store = openStoredDocuments(dataDir);
  let docs: CalcDocument[];
  try {
    docs = store.all();
  } finally {
    store.close();
  }
  const find = (id: string) => docs.find((d) => d.document.id === id) ?? fail(`no stored document '${id}' (see namndkoll list)`);

  if (sub === 'deficits') {
    if (!args.doc) throw new UsageError(`--doc ID is required\nusage: namndkoll ${USAGE}`);
    const doc = find(args.doc);
    const spec = args.period ? readColumnSpec(args.period) : undefined;
    const measure = args.measure ? readColumnSpec(args.measure).measure : undefined;
    const input = { documentId: doc.document.id, tableId: args.table, period: spec?.period, qualifier: spec?.qualifier };
    const results = measure ? breakdown(doc, { ...input, measure }) : deficits(doc, input);
    if (!results.length) fail(`no table in ${doc.document.id} has a ${measure ?? 'deviation'} column${args.period ? ` for ${args.period}` : ''}`);
    if (args.png) writeFileSync(args.png, await renderPng(breakdownSpec(results[0]!)));
    process.stdout.write(args.json ? `${JSON.stringify(results, null, 1)}\n` : results.map(describeBreakdown).join('\n\n') + '\n');
    return 0;
  }
  if (sub === 'trend') {
    const label = rest.join(' ').trim();
    if (!label) throw new UsageError(`give the row label to follow\nusage: namndkoll ${USAGE}`);
    const t = trend(docs, { label, documentIds: args.doc ? [args.doc] : undefined, measure: args.measure ? [readColumnSpec(args.measure).measure ?? 'värde'] : undefined });
    if (!t.points.length) fail(`no figures for "${label}" with years in the stored documents`);
    if (args.png) writeFileSync(args.png, await renderPng(trendSpec(t)));
    process.stdout.write(args.json ? `${JSON.stringify(t, null, 1)}\n` : describeTrend(t));
    return 0;
  }
  if (sub === 'check') {
    const id = rest[0] ?? args.doc;
    if (!id) throw new UsageError(`give the document id\nusage: namndkoll ${USAGE}`);
    const report = checkDocument(find(id), docs, args.table);
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 1)}\n` : describeReport(report));
    return report.problems.some((p) => p.severity === 'error') ? 1 : 0;
  }
  throw new UsageError(`unknown subcommand '${sub}'\nusage: namndkoll ${USAGE}`);
}

function fail(message: string): never {
  throw new Error(message);
}

function describeBreakdown(b: Breakdown): string {
  const width = Math.max(...b.areas.map((a) => a.label.length));
  return [
    `${b.documentId} ${b.tableId} ${b.caption}`,
    `  kolumn: ${b.column.header.join(' ')} (${b.column.measure}${b.column.period.text ? `, ${b.column.period.text}` : ''})`,
    ...b.areas.map((a) => `  ${a.label.padEnd(width)}  ${formatNumber(a.value).padStart(12)}${a.result ? `  ${a.result}` : ''}${a.sharePct !== null ? `  ${formatNumber(a.sharePct)} %` : ''}  (s. ${a.figure.source.page})`),
    `  summa ${formatAmount(b.sum, b.unit)}${b.column.measure === 'avvikelse' ? `; underskott ${formatAmount(b.deficitSum, b.unit)}, överskott ${formatAmount(b.surplusSum, b.unit)}` : ''}`,
    b.printedTotal ? `  tabellens ${b.printedTotal.label}: ${formatAmount(b.printedTotal.value, b.unit)}${b.totalDifference ? ` (skillnad ${formatAmount(b.totalDifference, b.unit)})` : ' (stämmer)'}` : '  ingen summarad i tabellen',
  ].join('\n');
}

function describeTrend(t: Trend): string {
  return [
    `${t.label}${t.unit ? ` (${t.unit})` : ''}`,
    ...t.points.map((p) => `  ${p.year}  ${formatNumber(p.value).padStart(12)}  ${p.measure.padEnd(8)} ${cite(p.figure)}${p.conflict ? `\n        också: ${p.alternatives.map((a) => `${formatNumber(a.value)} i ${a.source.documentId} s. ${a.source.page}`).join('; ')}` : ''}`),
    t.missingYears.length ? `  saknas: ${t.missingYears.join(', ')}` : '',
    t.change !== null ? `  förändring ${t.points[0]!.year}–${t.points.at(-1)!.year}: ${formatAmount(t.change, t.unit)}${t.changePct !== null ? ` (${formatNumber(t.changePct)} %)` : ''}, per år ${formatAmount(t.changePerYear!, t.unit)}` : '',
    '',
  ]
    .filter((l, i, all) => l || i === all.length - 1)
    .join('\n');
}

function describeReport(r: ConsistencyReport): string {
  return [
    `${r.documentId}: ${r.checked} identiteter kontrollerade, ${r.held} stämmer`,
    ...r.problems.map((p) => `  [${p.severity}] ${p.check} ${p.tableId}: ${p.description}\n      celler: ${p.cells.map((c) => `s. ${c.source.page} rad ${c.source.row} kol ${c.source.col} "${c.source.raw.trim()}"`).join(', ')}`),
    '',
  ].join('\n');
}
