import type { Answer, AnswerValue, Citation } from '../model/answer.ts';
import type { CalcFigure, MeasureKind } from '../model/calc.ts';
import { T, amount, citationOf, made, sourceLine, uniqueBy } from './compose.ts';
import { coverage, coverageOf, holdsExpected, pageOfSentence, rarityOf, type Candidate } from './evidence.ts';
import type { Knowledge } from './knowledge.ts';
import { matchWeights } from './operations.ts';
import type { Route } from './router.ts';
import type { DocFacets, Scope } from './scope.ts';
import { fold, numbersIn, sentences, squash, words, termIn } from './text.ts';

/** Scores candidates for a question: its terms in the candidate's context, the value it wants, its period, its scope. */
export function rank(cands: Candidate[], route: Route, scope: Scope): Candidate[] {
  const rarity = rarityOf(route.terms, cands);
  const asksTotal = /\b(summa|totalt?|hela|netto|sammanlagt|total|whole|entire)\b/i.test(route.question);
  // Pages whose prose names the subject: a table there whose rows are years (`2023`, `2022*`) is about that subject
  // even when its caption was not read.
  const subjectPages = new Set(cands.filter((c) => c.kind === 'sentence' && coverage(route.terms, `${c.section} ${c.before ?? ''} ${c.quote}`) >= 0.7).map((c) => `${c.documentId}|${c.page}`));
  for (const c of cands) {
    c.score = 0;
    c.coverage = coverage(route.terms, c.context, rarity);
    // A sentence is about what it says itself; its neighbours and heading only help.
    // The sentence before may carry the subject (`Berggården togs över …` / `Boendet har 36 platser.`).
    if (c.kind === 'sentence') {
      const own = Math.max(coverage(route.terms, c.quote, rarity), 0.9 * coverage(route.terms, `${c.before ?? ''} ${c.quote}`, rarity));
      c.coverage = 0.6 * own + 0.4 * c.coverage;
    }
    if (c.kind === 'row' && c.figures[0]) {
      // A row is about its label: terms found only in the caption or another cell (a comment) count for less. Rows
      // labelled by a year (`2023`) are about their table's caption.
      const f = c.figures[0];
      const yearRow = /^(19|20)\d{2}\*?$/.test(f.label.trim());
      const own = coverage(route.terms, yearRow ? `${f.source.caption} ${c.section} ${f.label}` : f.labelPath.join(' '), rarity);
      c.coverage = 0.5 * own + 0.5 * c.coverage;
      if (yearRow && (subjectPages.has(`${c.documentId}|${c.page}`) || subjectPages.has(`${c.documentId}|${c.page - 1}`))) c.coverage = Math.max(c.coverage, 0.8);
      // `- kvinnor` under `Befolkning, antal invånare totalt`: the sub-row only when the question names it.
      if (f.labelPath.length > 1 && !yearRow) c.score = 0.3 * (coverage(route.terms, f.label, rarity) - 1);
      // Of rows whose labels all hold the subject (`Ekonomiskt bistånd`, `Ekonomiskt bistånd, flykting`), the one
      // without words the question lacks.
      if (own >= 0.99 && !yearRow) c.score -= 0.4 * extraLabelShare(f.label, route);
    }
    const pref = scope.preference.get(c.documentId) ?? 0.3;
    let s = c.score + 2 * c.coverage + 0.8 / (1 + 0.25 * c.rank) + 0.6 * pref;
    s += holdsExpected(c, route) ? 0.5 : -1;
    if (route.period.years.length) {
      const yearsHere = c.kind === 'row' ? c.figures.map((f) => f.period.year) : c.numbers.map((n) => n.value);
      if (route.period.years.some((y) => yearsHere.includes(y))) s += 0.3;
    }
    if (c.kind === 'row') {
      const f = pickFigure(c.figures, route);
      if (f) s += 0.15 * Math.max(-2, Math.min(6, f.fit));
      // The measure asked is what the row must hold: the clamped fit above cannot tell a row whose deviation column
      // answers `budgetavvikelse` from one whose best is a forecast column matching only the round and year.
      const main = mainMeasure(route);
      if (f && main && f.figure.measure !== 'värde' && f.figure.measure !== 'belopp') s += f.figure.measure === main ? 0.3 : -0.3;
      // A budget is an amount of money; "hur många" is not.
      const money = f ? ['kr', 'tkr', 'mnkr', 'mdkr'].includes(f.figure.unit ?? '') : false;
      if (route.expects === 'amount') s += money ? 0.3 : -0.1;
      if (route.expects === 'count' && money && !/kostnad|cost|kr\b/i.test(route.question)) s -= 0.2;
      // A row answers a question about a figure in a table better than prose that only mentions the label.
      if (route.expects === 'amount' || route.expects === 'count' || route.expects === 'percent') s += 0.2;
      if (c.figures.some((f) => f.uncertain)) s -= 0.1;
      if (c.figures[0]?.rowKind === 'total' && !asksTotal && route.terms.length && coverage(route.terms, c.figures[0].label, rarity) < 0.5) s -= 0.3;
      // Nothing named but the committee and a measure (`Socialnämndens budget 2022`): the committee's total.
      if (!route.terms.length && c.figures[0]?.rowKind === 'total') s += 0.6;
    }
    c.score = s;
  }
  // Several total rows of one label in a document (`Nettokostnad` of the own units and of the whole committee): the
  // question about the committee means the largest, its grand total.
  const totals = new Map<string, Candidate>();
  for (const c of cands) {
    const f = c.figures[0];
    // `för hela nämnden`: of rows with one label in several tables, the largest is the whole committee's.
    if (c.kind !== 'row' || !f || (f.rowKind !== 'total' && !asksTotal)) continue;
    const k = `${c.documentId}|${f.labelKey}`;
    const cur = totals.get(k);
    const size = (x: Candidate) => Math.max(...x.figures.map((g) => Math.abs(g.kronor ?? g.value)));
    if (!cur || size(c) > size(cur)) totals.set(k, c);
  }
  for (const c of totals.values()) c.score += 0.3;
  return [...cands].sort((a, b) => b.score - a.score);
}

/** Share of a row label's content words that the question does not contain. */
function extraLabelShare(label: string, route: Route): number {
  const own = words(label).filter((w) => w.length >= 3 && !/^\d/.test(w));
  if (!own.length) return 0;
  const asked = [...words(route.question), ...route.terms.flatMap((t) => t.split('|')), ...route.translated];
  const extra = own.filter((w) => !asked.some((a) => a.length >= 3 && (w.startsWith(a) || a.startsWith(w.slice(0, Math.max(4, w.length - 2))))));
  return extra.length / own.length;
}

const SPECIFIC: MeasureKind[] = ['avvikelse', 'förbrukning', 'målvärde', 'förändring', 'utfall', 'prognos', 'budget', 'plan'];

/** The most specific column measure the question asks (`budgetavvikelse` → avvikelse, not budget), if any. */
export function mainMeasure(route: Route): MeasureKind | undefined {
  return SPECIFIC.find((m) => route.columnMeasures.includes(m));
}

/** The figure of a row that the question's measure, period and qualifier point at, with how well it fits. */
export function pickFigure(figures: CalcFigure[], route: Route): { figure: CalcFigure; fit: number } | null {
  let best: { figure: CalcFigure; fit: number } | null = null;
  const qualifierTerms = route.terms;
  const questionWords = words(route.question);
  for (const f of figures) {
    let fit = 0;
    // The most specific measure asked decides: "budget deviation" reads the deviation column, not the budget.
    const main = mainMeasure(route);
    if (main) fit += f.measure === main ? 3 : route.columnMeasures.includes(f.measure) ? 1 : -1;
    // No measure named: a report (`enligt årsberättelsen`) is asked for its outcome, a plan for its budget.
    else if (route.scope.docRefs.length) {
      const report = route.scope.docRefs.some((r) => r.types.some((t) => /års|delår/.test(t)));
      if (f.measure === (report ? 'utfall' : 'budget')) fit += 1;
    }
    if (route.measures.includes('underskott') && f.measure === 'avvikelse') fit += 0.5;
    // `prognostiserade underskott`: the forecast's deviation column; with no part of the year asked, the whole year.
    if (route.measures.includes('prognos') && f.measure === 'avvikelse' && f.period.round) fit += 1;
    if (!route.period.span && f.period.span && f.period.span !== 'helår') fit -= 0.5;
    const years = route.period.years;
    // The document's own year is a preference among its columns, not a condition.
    if (years.length && f.period.year !== null) fit += years.includes(f.period.year) ? 1 : route.period.documentYearOnly ? 0 : -1.5;
    if (route.period.round !== null) fit += f.period.round === `Prognos ${route.period.round}` ? 1 : -0.5;
    if (route.period.span) fit += (f.period.span ?? 'helår') === route.period.span ? 0.7 : -0.7;
    if (route.units.length && f.unit) fit += route.units.includes(f.unit) ? 0.5 : 0;
    if (f.qualifier) {
      // A column variant (`Soc öster`, `utan ensamk.`) fits when the question names it.
      const q = words(f.qualifier).filter((w) => w.length >= 3);
      const named = q.filter((w) => termIn(w.slice(0, 5), questionWords)).length;
      fit += q.length && named === q.length ? 0.5 * named : qualifierTerms.some((t) => termIn(t, q)) ? 0.5 : -0.3;
    }
    if (!best || fit > best.fit) best = { figure: f, fit };
  }
  return best;
}

/** Whether a document can hold the measure for the year asked: a plan for 2016 holds no outcome for 2016. */
export function docCanHold(doc: DocFacets | undefined, route: Route): boolean {
  if (!doc || doc.year === null || route.period.documentYearOnly) return true;
  const asksOutcome = route.measures.includes('utfall') && !route.measures.includes('budget') && !route.measures.includes('prognos');
  if (!asksOutcome || !route.period.years.length) return true;
  const y = Math.max(...route.period.years);
  const planning = doc.type === 'verksamhetsplan' || doc.type === 'nämndplan' || doc.type === 'budget';
  // An interim report holds the year's outcome only for the months it covers.
  if (doc.type === 'delårsrapport' && doc.year === y && !(route.period.span && route.period.span !== 'helår')) return false;
  return planning ? doc.year > y : doc.year >= y;
}

/** Whether a candidate states the measure the question asks (an outcome, a budget) for the period asked. */
export function statesMeasure(c: Candidate, route: Route, doc: DocFacets | undefined): boolean {
  if (!docCanHold(doc, route)) return false;
  const asksOutcome = route.measures.includes('utfall') && !route.measures.includes('budget') && !route.measures.includes('prognos');
  if (!asksOutcome || !route.period.years.length || route.period.documentYearOnly) return true;
  if (c.kind === 'row') return c.figures.some((f) => f.measure === 'utfall' && f.period.year !== null && route.period.years.includes(f.period.year));
  const text = fold(c.quote);
  const yearsHere = c.numbers.map((n) => n.value);
  return /utfall|bokslut|resultat|blev/.test(text) && (route.period.years.some((y) => yearsHere.includes(y)) || doc?.year === Math.max(...route.period.years));
}

/**
 * Whether a candidate is about the year asked: a row's chosen column is of that year, a sentence names it or stands in
 * a document of that year (or the next, which looks back on it). A figure for another year is not the answer.
 */
export function forPeriod(c: Candidate, route: Route, doc: DocFacets | undefined): boolean {
  const years = route.period.range || route.period.documentYearOnly ? [] : route.period.years;
  if (!years.length || route.expects === 'year' || route.expects === 'date') return true;
  if (c.kind === 'row') {
    const f = pickFigure(c.figures, route)?.figure;
    if (!f) return true;
    // A measure was asked (`underskott`, `budget`): a column of another measure is not the answer, nor a bare value
    // unless the row itself is that measure (`Budgetavvikelse  -17,8  -26,1`).
    if (route.columnMeasures.length && !route.columnMeasures.includes(f.measure)) {
      const bare = f.measure === 'värde' || f.measure === 'belopp';
      const named = /avvik|underskott|overskott|budget|utfall|bokslut|prognos|forbruk/.test(fold(f.labelPath.join(' ')));
      if (!bare || !named) return false;
    }
    // Part of a year is not the whole year asked (`utfall helår` is not `utfall jan–aug`), nor the reverse.
    // A column that names no period at all (`Förbrukn %`) takes the table's.
    const unnamed = f.period.span === null && f.period.year === null;
    if (route.period.span && !unnamed && (f.period.span ?? 'helår') !== route.period.span) return false;
    // A column without a year is the document's: an interim report's is its own year, an annual report or a plan
    // may look back on the year before.
    if (f.period.year === null) return doc?.year == null || years.some((y) => doc.year === y || (doc.type !== 'delårsrapport' && doc.year === y + 1));
    return years.includes(f.period.year);
  }
  const named = c.numbers.filter((n) => !n.unit && Number.isInteger(n.value) && n.value >= 1990 && n.value <= 2035).map((n) => n.value);
  if (named.some((y) => years.includes(y))) return true;
  if (doc?.year == null) return true;
  return years.some((y) => doc.year === y || doc.year === y + 1);
}

export interface Supported {
  best: Candidate;
  /** Further candidates that add figures the question asks for (a second part of the question). */
  extra: Candidate[];
}

/** The best candidate if it supports an answer, else null (the caller refuses with what comes closest). */
export function supported(ranked: Candidate[], route: Route, docs: DocFacets[]): Supported | null {
  const byId = new Map(docs.map((d) => [d.id, d]));
  // Below the support threshold (the share of the question's terms a candidate covers, fitted with the match
  // weights by eval/fit-support.ts) a candidate is what comes closest, not an answer.
  const threshold = matchWeights().support;
  const ok = ranked.filter(
    (c) => c.coverage >= threshold && holdsExpected(c, route) && statesMeasure(c, route, byId.get(c.documentId)) && forPeriod(c, route, byId.get(c.documentId)),
  );
  const best = ok[0];
  if (!best) return null;
  // A second sentence next to the best one often carries the other half of a two-part question (`när … och hur
  // många platser`): one from the same document and page that holds a figure and covers a term the best one lacks.
  const bestToks = words(best.quote);
  const missing = route.terms.filter((t) => !t.split('|').some((a) => termIn(a, bestToks)));
  const extra: Candidate[] = [];
  for (const c of ranked) {
    if (c === best || extra.length >= 2 || c.documentId !== best.documentId || c.kind !== 'sentence' || best.kind !== 'sentence') continue;
    if (Math.abs(c.page - best.page) > 1 || !c.numbers.some((n) => n.unit || !(n.value >= 1990 && n.value <= 2035))) continue;
    const toks = words(c.quote);
    if (missing.some((t) => coverageOf([t], toks) >= 0.5) || (ok.includes(c) && c.score >= best.score - 0.4)) extra.push(c);
  }
  return { best, extra };
}

/** How many sentences after the best one a second half of the question is looked for in its passage. */
const WINDOW = 6;

/**
 * A two-part question's other half often stands a few sentences after the one that answers the first, past a list
 * that retrieval cut off (`… ca 25 miljoner kronor. Ingående delar avser: • … Förvaltningen bedömer …`): the sentences
 * that follow the best one in its own section, holding a figure and covering a term no chosen sentence covers.
 */
export function windowExtras(knowledge: Knowledge, route: Route, s: Supported): Candidate[] {
  const best = s.best;
  if (best.kind !== 'sentence' || s.extra.length >= 2) return [];
  const chosen = [best, ...s.extra].map((c) => words(c.quote));
  const missing = route.terms.filter((t) => !chosen.some((toks) => coverageOf([t], toks) >= 0.5));
  if (!missing.length) return [];
  const doc = knowledge.document(best.documentId);
  const section = doc?.sections.find((x) => best.page >= x.pageStart && best.page <= x.pageEnd && squash(x.text).includes(best.quote));
  if (!section) return [];
  const ss = sentences(section.text);
  const at = ss.findIndex((x) => x === best.quote);
  if (at < 0) return [];
  const pages = Array.from({ length: section.pageEnd - section.pageStart + 1 }, (_, i) => section.pageStart + i);
  const out: Candidate[] = [];
  for (const sent of ss.slice(at + 1, at + 1 + WINDOW)) {
    if (out.length + s.extra.length >= 2) break;
    const numbers = numbersIn(sent);
    if (!numbers.some((n) => n.unit || !(n.value >= 1990 && n.value <= 2035))) continue;
    const toks = words(sent);
    if (!missing.some((t) => coverageOf([t], toks) >= 0.5) || chosen.some((c) => c.join(' ') === toks.join(' '))) continue;
    out.push({ ...best, quote: sent, context: sent, before: undefined, numbers, page: pageOfSentence(section.text, sent, pages) });
  }
  return out;
}

export function lookupAnswer(knowledge: Knowledge, route: Route, s: Supported): Answer {
  const lang = route.lang;
  s = { ...s, extra: [...s.extra, ...windowExtras(knowledge, route, s)] };
  const values: AnswerValue[] = [];
  const citations: Citation[] = [];
  const parts: string[] = [];
  for (const c of [s.best, ...s.extra]) {
    citations.push(citationOf(c));
    if (c.kind === 'row') {
      const picked = pickFigure(c.figures, route);
      const label = c.figures[0]?.labelPath.join(' › ') ?? c.quote.split(' ')[0] ?? '';
      if (picked && (route.columnMeasures.length || route.period.years.length || route.period.round !== null)) {
        const f = picked.figure;
        values.push({ label, period: f.period.text || f.columnLabel.join(' '), value: f.value, unit: f.unit ?? '' });
        parts.push(
          lang === 'sv'
            ? `${label}, ${f.columnLabel.join(' ')}: ${amount(f.value, f.unit, lang)}.`
            : `${label}, ${f.columnLabel.join(' ')}: ${amount(f.value, f.unit, lang)}.`,
        );
      }
      // The quoted row states all its figures: each is listed with its column (the picked one first).
      for (const f of c.figures) {
        if (picked && f === picked.figure) continue;
        values.push({ label: `${label} – ${f.columnLabel.join(' ')}`.trim(), period: f.period.text || f.columnLabel.join(' '), value: f.value, unit: f.unit ?? '' });
      }
      const caption = c.figures[0]?.source.caption;
      parts.push(`${lang === 'sv' ? 'Raden i tabellen' : 'The table row'}${caption ? ` «${squash(caption)}»` : ''}: «${c.quote}» (${sourceLine(knowledge, lang, c.documentId, c.page)}).`);
    } else {
      for (const n of c.numbers) {
        if (n.unit || !(Number.isInteger(n.value) && n.value >= 1990 && n.value <= 2035) || route.expects === 'year' || route.expects === 'date') {
          values.push({ label: route.area || route.question, period: route.period.years.join('–'), value: n.value, unit: n.unit ?? '' });
        }
      }
      parts.push(`«${c.quote}» (${sourceLine(knowledge, lang, c.documentId, c.page)}).`);
    }
  }
  return made('lookup', parts.join('\n'), dedupeValues(values), citations);
}

export function dedupeValues(values: AnswerValue[]): AnswerValue[] {
  return uniqueBy(values, (v) => `${v.value}|${v.unit}|${v.period}`);
}

/** A plain refusal that says what the documents do contain that comes closest, without passing it off as the answer. */
export function refusal(knowledge: Knowledge, route: Route, scope: Scope, closest: Candidate | undefined, reason?: string): Answer {
  const t = T[route.lang];
  const where = scope.described ? ` (${scope.described})` : '';
  const lines = [`${t.notInDocs}${where}${reason ? `: ${reason}` : '.'}`];
  const citations: Citation[] = [];
  if (closest) {
    lines.push(`${t.closest}: «${squash(closest.quote).slice(0, 300)}» (${sourceLine(knowledge, route.lang, closest.documentId, closest.page)}).`);
    citations.push(citationOf(closest));
  }
  return made('none', lines.join('\n'), [], citations, true);
}
