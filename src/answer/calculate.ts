import { change, difference, share, sum } from '../calc/arithmetic.ts';
import { breakdown, deficits } from '../calc/deficits.ts';
import { budgetVsOutcome } from '../calc/deviation.ts';
import { trend } from '../calc/trend.ts';
import { issuedAt } from '../calc/figures.ts';
import type { Answer, AnswerValue, Citation } from '../model/answer.ts';
import type { ArithmeticResult, Breakdown, BudgetOutcome, CalcFigure, MeasureKind, PeriodSpec, Trend } from '../model/calc.ts';
import { T, amount, citationOf, citationOfFigure, made, sourceLine, titleOf, valueOfFigure } from './compose.ts';
import { coverage, type Candidate } from './evidence.ts';
import type { Knowledge } from './knowledge.ts';
import { pickFigure } from './lookup.ts';
import { candidatesOf, operandQuery, pickOperands, readSeries, seriesYears } from './operations.ts';
import type { Route } from './router.ts';
import type { DocFacets, Scope } from './scope.ts';
import { QUOTED, formatNumber, squash, words, termIn } from './text.ts';

/** The calculation behind an answer, for a chart of the same figures. */
export type ChartSource = { kind: 'breakdown'; breakdown: Breakdown } | { kind: 'trend'; trend: Trend };

type Result = { answer: Answer; chart?: ChartSource } | { closest?: Candidate; reason: string };

/** The period spec the router's slots give for a breakdown (`P2 2022` → round `Prognos 2`, year 2022). */
function periodSpec(route: Route): PeriodSpec {
  const p: PeriodSpec = {};
  // `DR2` names the document; only `P2`, `prognos 2`, `forecast 2` ask for the forecast round's columns.
  const asksRound = /\bp\s?[12]\b|prognos\s?[12]\b|forecast\s?[12]\b/i.test(route.question);
  if (route.period.round !== null && asksRound) p.round = `Prognos ${route.period.round}`;
  if (route.period.span && route.period.span !== 'helår') p.span = route.period.span;
  return p;
}

/** Tables ranked by how well the retrieved rows and the question's terms point at them. */
function tableVotes(knowledge: Knowledge, cands: Candidate[]): Map<string, number> {
  const votes = new Map<string, number>();
  for (const c of cands) {
    if (c.kind !== 'row' || !c.tableId) continue;
    // The table's best row, and a little for each further row: a table with many rows is not thereby the answer.
    const k = `${c.documentId}|${c.tableId}`;
    const v = c.score / (1 + c.rank * 0.1);
    const cur = votes.get(k);
    votes.set(k, cur === undefined ? v : Math.max(cur, v) + 0.1);
  }
  // Prose that names the subject introduces the table printed on its page (`Riktade statsbidrag … enligt tabellen`).
  for (const c of cands.filter((x) => x.kind === 'sentence').slice(0, 10)) {
    if (c.coverage < 0.8) continue;
    for (const t of knowledge.document(c.documentId)?.tables ?? []) {
      if (t.pages.includes(c.page)) {
        const k = `page|${c.documentId}|${t.id}`;
        votes.set(k, (votes.get(k) ?? 0) + c.score);
      }
    }
  }
  return votes;
}

/** What a table offers a calculation: where it is, its caption, the column's header and the row labels. */
type TableResult = { documentId: string; tableId: string; caption: string; header: string[]; labels: string[] };

function breakdownScore(knowledge: Knowledge, b: TableResult, votes: Map<string, number>, route: Route): number {
  // For a sum over a list, the prose that introduces the table says more than a row that happens to name the subject.
  const rowVote = votes.get(`${b.documentId}|${b.tableId}`) ?? 0;
  const pageVote = votes.get(`page|${b.documentId}|${b.tableId}`) ?? 0;
  const v = (route.op === 'sum' ? 0.3 : 1) * rowVote + (route.op === 'sum' ? 1 : 0.5) * pageVote;
  const doc = knowledge.document(b.documentId);
  const sectionId = doc?.tables.find((t) => t.id === b.tableId)?.sectionId;
  const heading = (sectionId && doc?.sections.find((s) => s.id === sectionId)?.path.join(' ')) || '';
  const text = `${heading} ${b.caption} ${b.header.join(' ')} ${b.labels.join(' ')}`;
  // "The total of the X listed": a table where X is one of the rows is not the list of X.
  const oneRow = route.op === 'sum' ? Math.max(0, ...b.labels.map((l) => coverage(route.terms, l))) : 0;
  return v + 2 * coverage(route.terms, text) - (oneRow >= 0.5 ? 2 * oneRow : 0) + (quotesCaption(route.question, b.caption) ? 3 : 0);
}

/** Whether the question quotes the table's caption (`i tabellen "Programnämndens egen verksamhet"`). */
export function quotesCaption(question: string, caption: string): boolean {
  const cap = words(caption).join(' ');
  if (!cap) return false;
  return [...question.matchAll(QUOTED)].some((m) => {
    const quoted = words(m[1]!).join(' ');
    return quoted.length >= 3 && (cap === quoted || cap.endsWith(` ${quoted}`) || cap.startsWith(`${quoted} `));
  });
}

/** Calculations: deficits per area, sums, changes and differences, through the calc engine on the best table. */
export function calculate(knowledge: Knowledge, route: Route, scope: Scope, ranked: Candidate[]): Result {
  const lang = route.lang;
  const votes = tableVotes(knowledge, ranked);
  const docIds = [...new Set([...votes.keys()].filter((k) => !k.startsWith('page|')).map((k) => k.split('|')[0]!))];
  const pool = scope.documents.map((d) => d.id);
  const docsToTry = [...new Set([...docIds.filter((d) => pool.includes(d)), ...pool])];

  if (route.op === 'deficits' || route.op === 'sum' || route.op === 'breakdown') {
    const results: Breakdown[] = [];
    for (const id of docsToTry) {
      const doc = knowledge.document(id);
      if (!doc) continue;
      try {
        // A year the question names is the column's year; the document's own year (`ÅB 2023`) names the document, so
        // it is tried last, and a table with no column of any year asked gives its latest column.
        const years = [...route.period.years].sort((a, b) => Number(a === doc.document.year) - Number(b === doc.document.year));
        const seen = new Set<string>();
        for (const year of [...years, undefined]) {
          const input = { documentId: id, period: { ...periodSpec(route), ...(year === undefined ? {} : { year }) } };
          const bs = route.op === 'deficits' ? deficits(doc, input) : breakdown(doc, { ...input, measure: route.columnMeasures[0] });
          for (const b of bs.filter((x) => !seen.has(x.tableId))) {
            seen.add(b.tableId);
            results.push(b);
          }
        }
      } catch {
        // A document whose tables the engine cannot read adds nothing.
      }
    }
    const asTable = (b: Breakdown): TableResult => ({ ...b, header: b.column.header, labels: b.areas.map((a) => a.label) });
    const scored = results.map((b) => ({ b, s: breakdownScore(knowledge, asTable(b), votes, route) })).sort((a, b) => b.s - a.s);
    const best = scored[0];
    if (route.op === 'deficits') {
      // A table that prints budget and outcome but no deviation column: the deviation is computed from the two.
      const computed = docsToTry
        .flatMap((id) => {
          const doc = knowledge.document(id);
          const year = route.period.years.length === 1 ? route.period.years[0] : undefined;
          return doc ? budgetVsOutcome(doc, { documentId: id, period: year === undefined ? {} : { year } }) : [];
        })
        .filter((o) => !results.some((b) => b.documentId === o.documentId && b.tableId === o.tableId))
        .map((o) => ({ o, s: breakdownScore(knowledge, { ...o, header: [], labels: o.rows.map((r) => r.label) }, votes, route) }))
        .sort((a, b) => b.s - a.s)[0];
      if (computed && computed.s >= 1 && computed.s > (best?.s ?? 0) && computed.o.rows.some((r) => r.deviation < 0 && r.outcome.rowKind === 'data'))
        return { answer: computedDeficitsAnswer(knowledge, route, computed.o) };
    }
    if (!best || best.s < 1) return { closest: ranked[0], reason: lang === 'sv' ? 'ingen tabell med de siffror som behövs hittades' : 'no table with the figures needed was found' };
    const b = best.b;
    if (route.op === 'breakdown' && route.parts.length) {
      const parts = b.areas.filter((a) => route.parts.some((p) => termIn(p.slice(0, 5), words(a.label))));
      if (parts.length >= 2) return { answer: sumAnswer(knowledge, route, b, parts.map((p) => p.figure)) };
      return { closest: ranked[0], reason: lang === 'sv' ? 'ingen tabell med de efterfrågade delarna hittades' : 'no table with the parts asked for was found' };
    }
    if (route.op === 'deficits') return { answer: deficitsAnswer(knowledge, route, b), chart: { kind: 'breakdown', breakdown: b } };
    return { answer: sumAnswer(knowledge, route, b, b.areas.map((a) => a.figure)) };
  }

  if (route.op === 'change' || route.op === 'difference' || route.op === 'share') {
    const r =
      route.op === 'share'
        ? shareOfTotal(knowledge, route, ranked)
        : (twoFigureCalc(knowledge, route, ranked) ?? (route.op === 'difference' ? forecastVsOutcome(knowledge, route, scope) : null));
    if (r) return { answer: r };
    return { closest: ranked[0], reason: lang === 'sv' ? 'de två siffror som ska jämföras hittades inte i samma tabellrad' : 'the two figures to compare were not found' };
  }
  return { closest: ranked[0], reason: 'unknown calculation' };
}

function deficitsAnswer(knowledge: Knowledge, route: Route, b: Breakdown): Answer {
  const lang = route.lang;
  const t = T[lang];
  const neg = b.areas.filter((a) => a.value < 0);
  const pos = b.areas.filter((a) => a.value > 0);
  const col = b.column.header.join(' ');
  const lines = [
    lang === 'sv'
      ? `${neg.length} av ${b.areas.length} rader visar underskott i kolumnen «${col}»: ${neg.map((a) => `${a.label} ${amount(a.value, b.unit, lang)}`).join(', ')}. Underskotten blir ${t.total} ${amount(b.deficitSum, b.unit, lang)}.`
      : `${neg.length} of ${b.areas.length} rows show a deficit in the column «${col}»: ${neg.map((a) => `${a.label} ${amount(a.value, b.unit, lang)}`).join(', ')}. The deficits total ${amount(b.deficitSum, b.unit, lang)}.`,
  ];
  if (pos.length)
    lines.push(
      lang === 'sv'
        ? `Överskott: ${pos.map((a) => `${a.label} ${amount(a.value, b.unit, lang)}`).join(', ')}; alla rader ${t.total} ${amount(b.sum, b.unit, lang)}.`
        : `Surpluses: ${pos.map((a) => `${a.label} ${amount(a.value, b.unit, lang)}`).join(', ')}; all rows together ${amount(b.sum, b.unit, lang)}.`,
    );
  if (b.printedTotal) lines.push(`${lang === 'sv' ? 'Tabellens summarad' : "The table's total row"} (${b.printedTotal.label}): ${amount(b.printedTotal.value, b.unit, lang)}.`);
  lines.push(`${t.computed}: ${b.formula}`);
  lines.push(`${t.source}: ${sourceLine(knowledge, lang, b.documentId, b.areas[0]?.figure.source.page ?? 1)}${b.caption ? `, «${squash(b.caption)}»` : ''}.`);
  const values: AnswerValue[] = [
    ...neg.map((a) => valueOfFigure(a.figure, a.label)),
    { label: lang === 'sv' ? 'Summa underskott' : 'Total deficits', period: b.column.period.text, value: b.deficitSum, unit: b.unit ?? '' },
  ];
  if (b.printedTotal) values.push(valueOfFigure(b.printedTotal, b.printedTotal.label));
  const citations = [...neg, ...pos].map((a) => citationOfFigure(knowledge, a.figure));
  if (b.printedTotal) citations.push(citationOfFigure(knowledge, b.printedTotal));
  return made('calculation', lines.join('\n'), values, citations);
}

/** Deficits where the table prints budget and outcome (or forecast) but no deviation: each computed, with its formula. */
function computedDeficitsAnswer(knowledge: Knowledge, route: Route, o: BudgetOutcome): Answer {
  const lang = route.lang;
  const t = T[lang];
  const rows = o.rows.filter((r) => r.outcome.rowKind === 'data');
  const neg = rows.filter((r) => r.deviation < 0).sort((a, b) => a.deviation - b.deviation);
  const pos = rows.filter((r) => r.deviation > 0);
  const pct = (r: BudgetOutcome['rows'][number]) => (r.deviationPct === null ? '' : ` (${formatNumber(Math.abs(r.deviationPct), lang, 1)} %)`);
  const one = (r: BudgetOutcome['rows'][number]) =>
    `${r.label}: ${r.outcome.columnLabel.join(' ')} ${amount(r.outcome.value, o.unit, lang)}, ${r.budget.columnLabel.join(' ')} ${amount(r.budget.value, o.unit, lang)}, ${lang === 'sv' ? 'avvikelse' : 'deviation'} ${amount(r.deviation, o.unit, lang)}${pct(r)}`;
  const lines = [
    lang === 'sv'
      ? `${neg.length} av ${rows.length} rader ligger sämre än budget (underskott): ${neg.map(one).join('; ')}.`
      : `${neg.length} of ${rows.length} rows are worse than budget (deficit): ${neg.map(one).join('; ')}.`,
  ];
  if (pos.length) lines.push(`${lang === 'sv' ? 'Bättre än budget' : 'Better than budget'}: ${pos.map((r) => `${r.label} ${amount(r.deviation, o.unit, lang)}`).join(', ')}.`);
  lines.push(`${t.computed}: ${o.formula}`);
  lines.push(`${t.source}: ${sourceLine(knowledge, lang, o.documentId, neg[0]?.outcome.source.page ?? 1)}${o.caption ? `, «${squash(o.caption)}»` : ''}.`);
  const dev = lang === 'sv' ? 'avvikelse mot budget' : 'deviation from budget';
  const values: AnswerValue[] = neg.flatMap((r) => [
    valueOfFigure(r.outcome, r.label),
    valueOfFigure(r.budget, r.label),
    { label: `${r.label}, ${dev}`, period: r.outcome.period.text, value: r.deviation, unit: o.unit ?? '' },
    ...(r.deviationPct === null ? [] : [{ label: `${r.label}, ${dev} i % av budget`, period: r.outcome.period.text, value: Math.round(r.deviationPct * 10) / 10, unit: '%' }]),
  ]);
  const citations = neg.flatMap((r) => [citationOfFigure(knowledge, r.outcome), citationOfFigure(knowledge, r.budget)]);
  return made('calculation', lines.join('\n'), values, citations);
}

function sumAnswer(knowledge: Knowledge, route: Route, b: Breakdown, figures: CalcFigure[]): Answer {
  const lang = route.lang;
  const t = T[lang];
  const r = sum(figures);
  const col = b.column.header.join(' ');
  const largest = [...figures].sort((x, y) => Math.abs(y.value) - Math.abs(x.value))[0];
  const lines = [
    lang === 'sv'
      ? `Summan av ${figures.length} rader i kolumnen «${col}» är ${amount(r.value, r.unit, lang)}: ${figures.map((f) => `${f.label} ${amount(f.value, f.unit, lang)}`).join(', ')}.`
      : `The ${figures.length} rows of the column «${col}» sum to ${amount(r.value, r.unit, lang)}: ${figures.map((f) => `${f.label} ${amount(f.value, f.unit, lang)}`).join(', ')}.`,
  ];
  if (largest) lines.push(lang === 'sv' ? `Störst: ${largest.label} (${amount(largest.value, largest.unit, lang)}).` : `Largest: ${largest.label} (${amount(largest.value, largest.unit, lang)}).`);
  if (b.printedTotal && figures.length === b.areas.length) lines.push(`${lang === 'sv' ? 'Tabellens summarad' : "The table's total row"}: ${amount(b.printedTotal.value, b.unit, lang)}.`);
  lines.push(`${t.computed}: ${r.formula}`);
  lines.push(`${t.source}: ${sourceLine(knowledge, lang, b.documentId, figures[0]?.source.page ?? 1)}${b.caption ? `, «${squash(b.caption)}»` : ''}.`);
  const values = [...figures.map((f) => valueOfFigure(f, f.label)), { label: lang === 'sv' ? 'Summa' : 'Sum', period: b.column.period.text, value: r.value, unit: r.unit ?? '' }];
  return made('calculation', lines.join('\n'), values, figures.map((f) => citationOfFigure(knowledge, f)));
}

/**
 * The committee's deviation for a year in one document: in its own report the grand total row, in a programme report
 * the row that names it (`Socialnämnd`). `round` picks a forecast's columns (`Prognos 2`), null the year's outcome.
 */
function committeeDeviation(knowledge: Knowledge, doc: DocFacets, committee: string, year: number, round: string | null): CalcFigure | undefined {
  const figs = knowledge
    .figures(doc.id)
    .filter((f) => f.measure === 'avvikelse' && f.period.year === year && (round ? f.period.round === round : f.period.round === null && (f.period.span === null || f.period.span === 'helår')));
  if (doc.committee === committee) {
    return figs.filter((f) => f.rowKind === 'total').sort((a, b) => Math.abs(b.value * (b.kronor ? b.kronor / b.value : 1)) - Math.abs(a.value * (a.kronor ? a.kronor / a.value : 1)))[0];
  }
  const key = committee.split(' ');
  return figs.find((f) => {
    const w = words(f.label);
    return w.length === key.length && key.every((k, i) => w[i]!.startsWith(k));
  });
}

/** "How much worse did the outcome turn out than the forecast": the forecast round's deviation against the year's outcome. */
function forecastVsOutcome(knowledge: Knowledge, route: Route, scope: Scope): Answer | null {
  const committee = route.scope.committee;
  const year = route.period.years[0];
  if (!committee || year === undefined || route.period.round === null) return null;
  const round = `Prognos ${route.period.round}`;
  const interim = scope.documents.filter((d) => d.type === 'delårsrapport' && d.year === year);
  const reports = scope.documents.filter((d) => d.type !== 'delårsrapport' && (d.year ?? 0) > year).sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
  const forecast = interim.map((d) => committeeDeviation(knowledge, d, committee, year, round)).find(Boolean);
  const outcome = reports.map((d) => committeeDeviation(knowledge, d, committee, year, null)).find(Boolean);
  if (!forecast || !outcome) return null;
  let r: ArithmeticResult;
  try {
    r = difference(outcome, forecast);
  } catch {
    return null;
  }
  const lang = route.lang;
  const t = T[lang];
  const worse = r.value < 0;
  const lines = [
    lang === 'sv'
      ? `${titleOf(knowledge, forecast.source.documentId)} prognostiserade en avvikelse på ${amount(forecast.value, forecast.unit, lang)} (${forecast.label}, ${forecast.columnLabel.join(' ')}). Utfallet ${year} blev ${amount(outcome.value, outcome.unit, lang)} (${titleOf(knowledge, outcome.source.documentId)}, ${outcome.label}). Utfallet blev ${amount(Math.abs(r.value), r.unit, lang)} ${worse ? 'sämre' : 'bättre'} än prognosen.`
      : `${titleOf(knowledge, forecast.source.documentId)} forecast a deviation of ${amount(forecast.value, forecast.unit, lang)} (${forecast.label}, ${forecast.columnLabel.join(' ')}). The ${year} outcome was ${amount(outcome.value, outcome.unit, lang)} (${titleOf(knowledge, outcome.source.documentId)}, ${outcome.label}): ${amount(Math.abs(r.value), r.unit, lang)} ${worse ? 'worse' : 'better'} than forecast.`,
    `${t.computed}: ${r.formula}`,
  ];
  const values: AnswerValue[] = [valueOfFigure(forecast, forecast.label), valueOfFigure(outcome, outcome.label), { label: lang === 'sv' ? 'Utfall mot prognos' : 'Outcome vs forecast', period: String(year), value: r.value, unit: r.unit ?? '' }];
  return made('calculation', lines.join('\n'), values, [citationOfFigure(knowledge, forecast), citationOfFigure(knowledge, outcome)]);
}

/** "Hur stor andel av X är Y": the row's figure over its table's total row in the same column (or the rows' sum). */
function shareOfTotal(knowledge: Knowledge, route: Route, ranked: Candidate[]): Answer | null {
  const rows = ranked.filter((c) => c.kind === 'row' && c.coverage >= 0.5 && c.figures[0]?.rowKind !== 'total').slice(0, 10);
  for (const c of rows) {
    const picked = pickFigure(c.figures.filter((f) => f.unit !== '%'), route);
    if (!picked) continue;
    const part = picked.figure;
    const column = knowledge.figures(c.documentId).filter((f) => f.source.tableId === part.source.tableId && f.source.col === part.source.col);
    const whole = column.filter((f) => f.rowKind === 'total').sort((a, b) => Math.abs(b.value) - Math.abs(a.value))[0];
    let r: ArithmeticResult;
    try {
      r = whole ? share(part, whole) : share(part, { ...part, value: sum(column.filter((f) => f.rowKind === 'data')).value, label: 'Summa' });
    } catch {
      continue;
    }
    const lang = route.lang;
    const t = T[lang];
    const wholeText = whole ? `${whole.label} ${amount(whole.value, whole.unit, lang)}` : lang === 'sv' ? 'summan av raderna' : 'the sum of the rows';
    const lines = [
      lang === 'sv'
        ? `${part.label} (${part.columnLabel.join(' ')}): ${amount(part.value, part.unit, lang)} av ${wholeText}, en andel på ${formatNumber(r.value, lang, 1)} %.`
        : `${part.label} (${part.columnLabel.join(' ')}): ${amount(part.value, part.unit, lang)} of ${wholeText}, a share of ${formatNumber(r.value, lang, 1)} %.`,
      `${t.computed}: ${r.formula}`,
      `${t.source}: ${sourceLine(knowledge, lang, part.source.documentId, part.source.page)}${part.source.caption ? `, «${squash(part.source.caption)}»` : ''}.`,
    ];
    const values: AnswerValue[] = [valueOfFigure(part, part.label), ...(whole ? [valueOfFigure(whole, whole.label)] : []), { label: `${lang === 'sv' ? 'Andel' : 'Share'} ${part.label}`, period: part.period.text, value: Math.round(r.value * 10) / 10, unit: '%' }];
    return made('calculation', lines.join('\n'), values, [citationOfFigure(knowledge, part), ...(whole ? [citationOfFigure(knowledge, whole)] : [])]);
  }
  return null;
}

/** The measure the question writes next to a year (`bokslut 2022`, `budget 2024`), if any. */
function measureNear(question: string, year: number): MeasureKind | undefined {
  const m = new RegExp(`(budget|bokslut|utfall|prognos|plan|outcome|forecast)\\w*\\s+(?:\\p{L}+\\s+)?${year}|${year}\\s+(?:års\\s+)?(budget|bokslut|utfall|prognos|plan)`, 'iu').exec(question);
  const w = (m?.[1] ?? m?.[2] ?? '').toLowerCase();
  if (!w) return undefined;
  if (/budget/.test(w)) return 'budget';
  if (/bokslut|utfall|outcome/.test(w)) return 'utfall';
  if (/prognos|forecast/.test(w)) return 'prognos';
  if (/plan/.test(w)) return 'plan';
  return undefined;
}

/** Change, difference or share of two figures of one row (or of two rows whose labels are years). */
function twoFigureCalc(knowledge: Knowledge, route: Route, ranked: Candidate[]): Answer | null {
  const years = [...new Set(route.period.range ? [route.period.range[0], route.period.range[1]] : route.period.years)].sort((a, b) => a - b);
  if (years.length < 2) return null;
  const [y0, y1] = [years[0]!, years.at(-1)!];
  const m0 = measureNear(route.question, y0) ?? route.columnMeasures.find((m) => m !== 'förändring');
  const m1 = measureNear(route.question, y1) ?? route.columnMeasures.find((m) => m !== 'förändring');
  // Rows that hold both periods asked; of those, the one whose label the question names best.
  const rows = ranked.filter((c) => c.kind === 'row' && c.coverage >= 0.45).slice(0, 40);
  const own = (c: Candidate) => coverage(route.terms, c.figures[0]?.labelPath.join(' ') ?? '');
  // Of `Ekonomiskt bistånd` and `Ekonomiskt bistånd, flykting`, the label with no words the question lacks.
  const qWords = words(route.question);
  const precision = (c: Candidate) => {
    const lw = words(c.figures[0]?.label ?? '').filter((w) => w.length >= 3 && !/^\d+$/.test(w));
    return lw.length ? lw.filter((w) => termIn(w.slice(0, 6), qWords)).length / lw.length : 0;
  };
  const key = new Map(rows.map((c) => [c, 2 * own(c) + 0.5 * precision(c) + c.coverage + c.score / 10]));
  rows.sort((a, b) => key.get(b)! - key.get(a)!);
  for (const c of rows) {
    let from: CalcFigure | undefined;
    let to: CalcFigure | undefined;
    const rowFigs = c.figures;
    const side = (figs: CalcFigure[], y: number, m: MeasureKind | undefined) => {
      const r: Route = { ...route, period: { ...route.period, years: [y] }, columnMeasures: m ? [m] : route.columnMeasures };
      const cands = figs.filter((f) => f.period.year === y && (!m || f.measure === m || (m === 'utfall' && f.measure === 'värde')));
      return pickFigure(cands, r)?.figure;
    };
    from = side(rowFigs, y0, m0);
    to = side(rowFigs, y1, m1);
    if (!from || !to) {
      // Years as rows (`2022*`, `2023`): the same column of two rows of the table.
      const all = knowledge.figures(c.documentId).filter((f) => f.source.tableId === c.tableId && f.period.yearFrom === 'row');
      const preferUnit = route.units.find((u) => u !== '%');
      const cols = [...new Set(all.map((f) => f.source.col))].sort((a, b) => colScore(all, b, preferUnit, route) - colScore(all, a, preferUnit, route));
      for (const col of cols) {
        from = all.find((f) => f.source.col === col && f.period.year === y0);
        to = all.find((f) => f.source.col === col && f.period.year === y1);
        if (from && to) break;
      }
    }
    if (!from || !to || from === to) continue;
    let r: ArithmeticResult;
    try {
      r = route.op === 'difference' ? difference(to, from) : change(from, to);
    } catch {
      continue;
    }
    return changeAnswer(knowledge, route, c, from, to, r);
  }
  return null;
}

function colScore(all: CalcFigure[], col: number, unit: string | undefined, route: Route): number {
  const f = all.find((x) => x.source.col === col);
  if (!f) return 0;
  let s = 0;
  if (unit && f.unit === unit) s += 2;
  if (route.columnMeasures.includes(f.measure)) s += 1;
  s += coverage(route.terms, f.columnLabel.join(' '));
  return s;
}

function changeAnswer(knowledge: Knowledge, route: Route, c: Candidate, from: CalcFigure, to: CalcFigure, r: ArithmeticResult): Answer {
  const lang = route.lang;
  const t = T[lang];
  const label = from.label === to.label ? from.label : `${from.label} → ${to.label}`;
  const mag = r.magnitudeChange;
  const pctMag = mag !== null && from.value !== 0 ? (mag / Math.abs(from.value)) * 100 : r.pct;
  const delta = mag ?? r.value;
  const up = delta >= 0;
  const fromText = `${from.columnLabel.join(' ') || from.period.text} ${amount(from.value, from.unit, lang)}`;
  const toText = `${to.columnLabel.join(' ') || to.period.text} ${amount(to.value, to.unit, lang)}`;
  const pctText = pctMag !== null ? ` (${formatNumber(Math.abs(pctMag), lang, 1)} %)` : '';
  const head =
    lang === 'sv'
      ? `${label}: från ${fromText} till ${toText}, ${mag !== null ? (up ? 'en ökning av kostnaden med' : 'en minskning av kostnaden med') : up ? 'en ökning med' : 'en minskning med'} ${amount(Math.abs(delta), r.unit, lang)}${pctText}.`
      : `${label}: from ${fromText} to ${toText}, ${mag !== null ? (up ? 'a cost increase of' : 'a cost decrease of') : up ? 'an increase of' : 'a decrease of'} ${amount(Math.abs(delta), r.unit, lang)}${pctText}.`;
  const lines = [head, `${t.computed}: ${r.formula}`, `${t.source}: ${sourceLine(knowledge, lang, from.source.documentId, from.source.page)}${from.source.caption ? `, «${squash(from.source.caption)}»` : ''}.`];
  const period = `${from.period.text} – ${to.period.text}`;
  const values: AnswerValue[] = [
    valueOfFigure(from, from.label),
    valueOfFigure(to, to.label),
    { label: `${t.change} ${label}`, period, value: Math.round(delta * 1000) / 1000, unit: r.unit ?? '' },
  ];
  if (pctMag !== null) values.push({ label: `${t.change} ${label}`, period, value: Math.round(pctMag * 10) / 10, unit: '%' });
  const citations: Citation[] = [citationOfFigure(knowledge, from), citationOfFigure(knowledge, to), citationOf(c)];
  return made('calculation', lines.join('\n'), values, citations);
}

/** The first three words of a label, folded and without OCR vowel noise: a key for the same indicator across documents. */
function labelHead(label: string): string {
  return words(label)
    .filter((w) => !/^\d+$/.test(w))
    .slice(0, 3)
    .map((w) => w.replace(/[aeiouy]/g, '').slice(0, 6))
    .join(' ');
}

type MergedPoint = { year: number; value: number; unit: string | null; figure: CalcFigure; others: CalcFigure[] };

/** Series of several documents merged by year; for a year in several, the latest-issued document's figure wins. */
function mergeSeries(trends: Trend[], knowledge: Knowledge): MergedPoint[] {
  const issued = (id: string) => {
    const d = knowledge.document(id);
    return d ? issuedAt(d.document) : 0;
  };
  const byYear = new Map<number, MergedPoint>();
  for (const t of trends) {
    for (const p of t.points) {
      const cur = byYear.get(p.year);
      if (!cur) byYear.set(p.year, { year: p.year, value: p.value, unit: t.unit, figure: p.figure, others: [] });
      else if (issued(p.figure.source.documentId) > issued(cur.figure.source.documentId) && Math.abs(p.value) >= Math.abs(cur.value) / 100) {
        byYear.set(p.year, { year: p.year, value: p.value, unit: t.unit, figure: p.figure, others: [...cur.others, cur.figure] });
      } else cur.others.push(p.figure);
    }
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

function trendText(knowledge: Knowledge, route: Route, label: string, points: MergedPoint[]): Answer {
  const lang = route.lang;
  const t = T[lang];
  const unit = points.at(-1)!.unit;
  const first = points[0]!;
  const last = points.at(-1)!;
  const series = points.map((p) => `${amount(p.value, unit, lang)} (${p.year}${p.figure.measure !== 'utfall' && p.figure.measure !== 'värde' ? `, ${p.figure.measure}` : ''})`).join(', ');
  let changeLine = '';
  let formula = '';
  try {
    const r = change(first.figure, last.figure);
    changeLine = `${lang === 'sv' ? 'Förändring' : 'Change'} ${first.year}–${last.year}: ${amount(r.value, r.unit, lang)}${r.pct !== null ? ` (${formatNumber(r.pct, lang, 1)} %)` : ''}.`;
    formula = r.formula;
  } catch {
    // Units that do not convert: the series is still shown.
  }
  const missing: number[] = [];
  for (let y = first.year; y <= last.year; y++) if (!points.some((p) => p.year === y)) missing.push(y);
  const conflicts = points.filter((p) => p.others.some((o) => o.value !== p.figure.value));
  const docs = [...new Set(points.map((p) => p.figure.source.documentId))];
  const lines = [
    `${label}: ${series}.`,
    changeLine,
    missing.length ? `${lang === 'sv' ? 'Uppgift saknas för' : 'No figure for'} ${missing.join(', ')}.` : '',
    ...conflicts.map((p) => (lang === 'sv' ? `${p.year}: dokumenten anger olika värden; det senare dokumentets (${titleOf(knowledge, p.figure.source.documentId)}) används.` : `${p.year}: the documents differ; the later one (${titleOf(knowledge, p.figure.source.documentId)}) is used.`)),
    formula ? `${t.computed}: ${formula}` : '',
    `${t.sources}: ${docs.map((d) => titleOf(knowledge, d)).join('; ')}.`,
  ].filter(Boolean);
  const values = points.map((p) => ({ label, period: String(p.year), value: p.value, unit: unit ?? '' }));
  const citations = [...new Map(points.map((p) => citationOfFigure(knowledge, p.figure)).map((ci) => [`${ci.document}|${ci.quote}`, ci])).values()];
  return made('trend', lines.join('\n'), values, citations);
}

/**
 * A trend whose subject the table-matching score finds (one row holding the years asked, in the measure named): its
 * label, measure and column variant become the calc engine's series over those years, across the scope's documents.
 */
function seriesByMatch(knowledge: Knowledge, route: Route, scope: Scope): Result | null {
  const years = seriesYears(route.question, route.period.years);
  const op = years && readSeries(route.question, years);
  // No subject but the committee (`SN:s budgetavvikelse`): its total rows, found below, not any row of the table.
  if (!op || !years || !operandQuery(op.operands[0]!, scope).terms.length) return null;
  const found = pickOperands(candidatesOf(knowledge, scope, op), op).filter((f): f is CalcFigure => f !== null);
  if (found.length < 2) return null;
  const first = found[0]!;
  const docs = scope.documents.map((d) => knowledge.document(d.id)).filter((d) => d !== null);
  const fromYear = years[0]!;
  const toYear = Math.max(...found.map((f) => f.period.year ?? fromYear));
  try {
    const tr = trend(docs, { label: first.label, measure: [...new Set(found.map((f) => f.measure))], fromYear, toYear, qualifier: first.qualifier ?? undefined });
    const merged = mergeSeries([tr], knowledge);
    if (merged.length < 2) return null;
    const answer = trendText(knowledge, route, tr.label, merged);
    // A year asked that has no whole-year figure (the year in progress: `Utfall perioden`, `Prognos helår`): what the
    // row reports for it, each with its column.
    const covered = new Set(merged.map((p) => p.year));
    const partial = knowledge
      .figures(first.source.documentId)
      .filter((f) => f.source.tableId === first.source.tableId && f.source.row === first.source.row && f.period.year !== null && years.includes(f.period.year) && !covered.has(f.period.year) && f.period.year <= toYear);
    if (partial.length) {
      const line = `${route.lang === 'sv' ? 'För' : 'For'} ${[...new Set(partial.map((f) => f.period.year))].join(', ')}: ${partial.map((f) => `${f.columnLabel.join(' ')} ${amount(f.value, f.unit, route.lang)}`).join('; ')}.`;
      const lines = answer.answer.split('\n');
      lines.splice(1, 0, line);
      return { answer: { ...answer, answer: lines.join('\n'), values: [...answer.values, ...partial.map((f) => valueOfFigure(f, tr.label))] }, chart: { kind: 'trend', trend: tr } };
    }
    return { answer, chart: { kind: 'trend', trend: tr } };
  } catch {
    return null;
  }
}

/** Trends: the row label retrieval finds best becomes a series across years (and documents) in the calc engine. */
export function trendAnswer(knowledge: Knowledge, route: Route, scope: Scope, ranked: Candidate[]): Result {
  const lang = route.lang;
  const t = T[lang];
  const matched = seriesByMatch(knowledge, route, scope);
  if (matched) return matched;
  // Rows with figures of the asked measure in several years of the span; with no subject named (`SN:s
  // budgetavvikelse`), the committee as a whole: its total row.
  const wanted: MeasureKind[] = route.columnMeasures.filter((m) => m !== 'förändring');
  const inSpan = (c: Candidate) =>
    new Set(c.figures.filter((f) => f.period.year !== null && (!wanted.length || wanted.includes(f.measure)) && (!route.period.range || (f.period.year >= route.period.range[0] && f.period.year <= route.period.range[1]))).map((f) => f.period.year)).size;
  // With no subject named, the committee's grand totals: total rows with the measure over the span, largest first.
  const totals: Candidate[] = route.terms.length
    ? []
    : scope.documents
        .flatMap((d) => {
          const byRow = new Map<string, CalcFigure[]>();
          for (const f of knowledge.figures(d.id)) {
            if (f.rowKind !== 'total') continue;
            const k = `${f.source.tableId}|${f.source.row}`;
            byRow.set(k, [...(byRow.get(k) ?? []), f]);
          }
          return [...byRow.values()];
        })
        .map(
          (figs): Candidate => ({
            kind: 'row',
            documentId: figs[0]!.source.documentId,
            page: figs[0]!.source.page,
            section: figs[0]!.source.caption,
            quote: figs[0]!.label,
            context: figs[0]!.label,
            numbers: [],
            figures: figs,
            tableId: figs[0]!.source.tableId,
            row: figs[0]!.source.row,
            rank: 0,
            score: 0,
            coverage: 1,
          }),
        )
        .filter((c) => inSpan(c) >= 2)
        .sort((a, b) => Math.max(...b.figures.map((f) => Math.abs(f.kronor ?? f.value))) - Math.max(...a.figures.map((f) => Math.abs(f.kronor ?? f.value))))
        .slice(0, 3);
  const rows = [...totals, ...ranked]
    .filter((c) => c.kind === 'row' && c.figures.length && c.coverage >= 0.5)
    .slice(0, 12)
    .map((c, i) => ({ c, key: (route.terms.length ? 0 : c.figures[0]!.rowKind === 'total' ? 2 : 0) + Math.min(inSpan(c), 3) * 0.5 - i * 0.05 }))
    .sort((a, b) => b.key - a.key)
    .map((x) => x.c)
    .slice(0, 8);
  const docs = scope.documents.map((d) => knowledge.document(d.id)).filter((d) => d !== null);
  const [fromYear, toYear] = route.period.range ?? [undefined, undefined];
  for (const c of rows) {
    const label = c.figures[0]!.label;
    const measure = route.columnMeasures.filter((m) => m !== 'förändring' && m !== 'budget');
    const series = (lbl: string, qualifier: string | null): Trend | null => {
      try {
        // No measure named: outcomes first, then forecasts and plans, and a plan's budget for the years it only budgets.
        let tr = trend(docs, { label: lbl, measure: measure.length ? measure : ['utfall', 'värde', 'prognos', 'plan', 'budget'], fromYear, toYear, qualifier: qualifier ?? undefined });
        if (tr.points.length < 2 && measure.length) tr = trend(docs, { label: lbl, fromYear, toYear, qualifier: qualifier ?? undefined });
        return tr;
      } catch {
        return null;
      }
    };
    const tr = series(label, c.figures[0]!.qualifier);
    if (!tr || !tr.points.length) continue;
    // The same indicator printed under a longer or OCR-garbled label in another document (`Genomsnittlig kostnad per
    // vårddygn (ovägt medelvärde)` / `… per virddygn`): its series, merged year by year, the later document preferred.
    const head = labelHead(label);
    const others = rows
      .filter((o) => o !== c && o.documentId !== c.documentId && labelHead(o.figures[0]!.label) === head)
      .map((o) => series(o.figures[0]!.label, o.figures[0]!.qualifier))
      .filter((t): t is Trend => t !== null && t.points.length > 0);
    const merged = mergeSeries([tr, ...others], knowledge);
    if (merged.length < 2) continue;
    return { answer: trendText(knowledge, route, tr.label, merged), chart: { kind: 'trend', trend: tr } };
  }
  return { closest: ranked[0], reason: lang === 'sv' ? 'ingen serie över åren hittades för det efterfrågade måttet' : 'no series over the years was found for the measure asked' };
}
