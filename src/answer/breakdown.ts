import { largest, sum } from '../calc/arithmetic.ts';
import { labelKey } from '../calc/labels.ts';
import type { Answer, Citation } from '../model/answer.ts';
import { CalcFigure } from '../model/calc.ts';
import { retrieve } from './retrieve.ts';
import { T, amount, citationOf, made, sourceLine } from './compose.ts';
import { candidatesOf, coverage, type Candidate } from './evidence.ts';
import type { Knowledge } from './knowledge.ts';
import { lightStem, type Route } from './router.ts';
import type { Scope } from './scope.ts';
import { fold, numbersIn, sentences, type TextNumber } from './text.ts';

const DEVIATION = /avvikelse|underskott|overskott|deficit|surplus/;

/** Sentences of the sections whose headings name the subject (`4.3.4 Externa vård- och behandlingskostnader`). */
function sectionSentences(knowledge: Knowledge, scope: Scope, terms: string[]): Candidate[] {
  if (!terms.length) return [];
  const out: Candidate[] = [];
  for (const d of scope.documents) {
    for (const sec of knowledge.document(d.id)?.sections ?? []) {
      if (coverage(terms, sec.path.join(' ')) < 0.5) continue;
      // A paragraph often opens with what it is about (`Unga har i genomsnitt …`) and states the figure later.
      for (const para of sec.text.split(/\n\s*\n/)) {
        const ss = sentences(para);
        ss.forEach((q, i) =>
          out.push({
            kind: 'sentence',
            documentId: d.id,
            page: sec.pageStart,
            section: sec.path.join(' › '),
            quote: q,
            context: `${sec.path.join(' ')} ${ss[i - 1] ?? ''} ${q}`,
            before: ss.slice(0, i).join(' '),
            numbers: numbersIn(q),
            figures: [],
            tableId: null,
            row: null,
            rank: 10,
            score: 0,
            coverage: 0,
          }),
        );
      }
    }
  }
  return out;
}

/**
 * "Dela upp underskottet för X på A, B och C" when no table holds the parts: each part's figure from the prose about it
 * (the sentence under the part's heading, or naming it, that states a deviation in money), then summed by the calc
 * engine. Each figure keeps its sentence as provenance.
 */
export async function proseBreakdown(knowledge: Knowledge, route: Route, scope: Scope): Promise<Answer | null> {
  if (route.parts.length < 2) return null;
  const partStems = route.parts.map(lightStem);
  const base = route.terms.filter((t) => !partStems.includes(t));
  const found: { part: string; cand: Candidate; num: TextNumber }[] = [];
  for (const [i, part] of route.parts.entries()) {
    // The question with the other parts taken out: `… externa köp 2023 på barn …`.
    const others = route.parts.filter((p) => p !== part);
    const text = others.reduce((acc, p) => acc.replace(new RegExp(`\\b${p}\\b`, 'giu'), ' '), route.question);
    const q: Route = { ...route, query: `${text} ${part} avvikelse`, terms: [...base, partStems[i]!] };
    const cands = [...candidatesOf(await retrieve(knowledge, q, scope, 30), knowledge).filter((c) => c.kind === 'sentence'), ...sectionSentences(knowledge, scope, base)];
    let best: { cand: Candidate; num: TextNumber; score: number } | null = null;
    for (const c of cands) {
      const f = fold(c.quote);
      const m = DEVIATION.exec(f);
      if (!m) continue;
      const heading = fold(c.section);
      const ownWords = `${fold(c.before ?? '')} ${f}`.split(/[^a-z]+/);
      const inOwn = ownWords.some((w) => w.startsWith(partStems[i]!));
      const inHeading = heading.split(/[^a-z]+/).some((w) => w.startsWith(partStems[i]!));
      if (!inOwn && !inHeading) continue;
      // A sentence that names another part is about that one.
      const other = partStems.some((p, j) => j !== i && ownWords.some((w) => w.startsWith(p)));
      if (found.some((x) => x.cand.quote === c.quote)) continue;
      const num = c.numbers.find((n) => (n.unit === 'mnkr' || n.unit === 'tkr') && n.index >= m.index - 40);
      if (!num) continue;
      // A sentence naming several parts speaks of them together, not of this one.
      const score = coverage(base, c.context) + 0.3 / (1 + c.rank) + (inOwn ? 1 : 0.2) - (other ? 0.8 : 0);
      if (!best || score > best.score) best = { cand: c, num, score };
    }
    if (best) found.push({ part, cand: best.cand, num: best.num });
  }
  if (found.length < route.parts.length) return null;
  const unit = found[0]!.num.unit;
  if (found.some((f) => f.num.unit !== unit)) return null;
  // Deviations are signed as printed; a deficit written without a minus ("underskott på 36,1 mnkr") is negative.
  const figures = found.map(({ part, cand, num }) => {
    const negative = num.value < 0 || (/underskott|deficit/.test(fold(cand.quote)) && !/overskott|surplus/.test(fold(cand.quote)));
    const value = negative ? -Math.abs(num.value) : Math.abs(num.value);
    return CalcFigure.parse({
      value,
      unit,
      kronor: unit === 'mnkr' ? value * 1e6 : value * 1e3,
      measure: 'avvikelse',
      period: { year: route.period.years[0] ?? null, yearFrom: null, span: null, round: null, text: route.period.years.join('–') },
      qualifier: null,
      label: part,
      labelKey: labelKey(part),
      labelPath: [part],
      columnLabel: [],
      rowKind: 'data',
      uncertain: null,
      source: { documentId: cand.documentId, tableId: 'text', caption: cand.section, page: cand.page, row: 0, col: 1, raw: num.raw },
    });
  });
  const total = sum(figures);
  const most = largest(figures.map((f) => ({ ...f, value: Math.abs(f.value) })));
  const lang = route.lang;
  const t = T[lang];
  const list = figures.map((f) => `${f.label} ${amount(f.value, unit, lang)}`).join(', ');
  const mostLabel = most.figures[0]!.label;
  const lines = [
    lang === 'sv'
      ? `${list}. Summa: ${amount(total.value, unit, lang)}. Störst: ${mostLabel}.`
      : `${list}. Sum: ${amount(total.value, unit, lang)}. Largest: ${mostLabel}.`,
    `${t.computed}: ${total.formula}`,
    ...found.map((f) => `${f.part}: «${f.cand.quote}» (${sourceLine(knowledge, lang, f.cand.documentId, f.cand.page)}).`),
  ];
  const values = [
    ...figures.map((f) => ({ label: f.label, period: f.period.text, value: f.value, unit: unit ?? '' })),
    { label: lang === 'sv' ? 'Summa' : 'Sum', period: figures[0]!.period.text, value: total.value, unit: unit ?? '' },
  ];
  const citations: Citation[] = found.map((f) => citationOf(f.cand));
  return made('calculation', lines.join('\n'), values, citations);
}
