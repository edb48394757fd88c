import type { Answer } from '../model/answer.ts';
import type { ScoredChunk } from '../model/chunk.ts';
import { proseBreakdown } from './breakdown.ts';
import { calculate, trendAnswer, type ChartSource } from './calculate.ts';
import { T, made } from './compose.ts';
import { candidatesOf, mergeCandidates, rowCandidatesFromFigures, rowsBesideProse, totalRowCandidates } from './evidence.ts';
import type { Knowledge } from './knowledge.ts';
import { lookupAnswer, rank, refusal, supported } from './lookup.ts';
import { lightStem, route as routeQuestion, type Route } from './router.ts';
import { readableScope } from './readable.ts';
import { retrieve } from './retrieve.ts';
import { resolveScope, type Scope } from './scope.ts';
import { summarize } from './summary.ts';
import { operate, readOperation } from './operations.ts';
import { words } from './text.ts';

export interface AskOptions {
  /** Only these documents may be retrieved, cited or summarized (a Slack channel's document sets); null for all. */
  documentIds?: readonly string[] | null;
  /** The earlier question of a conversation, for follow-ups such as "och 2021?". */
  previousQuestion?: string | null;
  /** Receives the answer's text so far while a model writes it (the LLM answerer; the extractive one answers at once). */
  onPartial?: (text: string) => void;
}

/** An answer and what it was built from (the eval command records the retrieved chunks). */
export interface AnswerTrace {
  answer: Answer;
  route: Route;
  retrieved: ScoredChunk[];
  /** The calculation the answer states, when there is one to draw. */
  chart?: ChartSource;
}

/** Answers a question from the stored documents. Two implementations: extractive (offline) and LLM. */
export interface Answerer {
  readonly name: 'extractive' | 'llm';
  ask(question: string, options?: AskOptions): Promise<AnswerTrace>;
}

/** A follow-up (`och 2021?`) borrows the earlier question's subject, with its own years and words added. */
export function withContext(question: string, previous: string | null | undefined): string {
  if (!previous) return question;
  const short = question.trim().split(/\s+/).length <= 4 && /^(och|and|men|but|vad|what|hur|how)\b/i.test(question.trim());
  if (!short) return question;
  // `och 2021?` asks the earlier question for another year: its years give way to the new ones.
  const years = /(19|20)\d{2}/.test(question);
  const base = years ? previous.replace(/(?<![\d,.])(19|20)\d{2}(?!\d)/g, ' ').replace(/\s+/g, ' ') : previous;
  return `${base.trim().replace(/[?.!]+$/, '')} ${question.trim().replace(/^(och|and|men|but)\s+/i, '')}`;
}

/**
 * The names the scope resolver read (municipality, committee, the kind of document) scope the question: they are
 * not what a supporting passage must say, so they leave its terms. But where a table of the scope has a row
 * labelled with the committee's name (a programme committee's report has a row per committee under it, and one for
 * itself), that row is what is asked when the question names no other subject or the scope holds other bodies'
 * reports, so the committee's words stay as terms.
 */
export function withNames(route: Route, scope: Scope, knowledge: Knowledge): Route {
  const { names } = scope;
  const drop = new Set(names.words.map(lightStem));
  let terms = route.terms.filter((t) => !t.split('|').some((a) => drop.has(a)));
  const committee = names.committee;
  if (committee) {
    const key = committee.split(' ');
    const isName = (label: string) => {
      const w = words(label).filter((x) => x.length > 2);
      return w.length === key.length && key.every((k, i) => w[i]!.startsWith(k));
    };
    // Its own row is the subject when the question names no other, or when the scope holds other bodies' reports.
    const asRow = !terms.length || scope.documents.some((d) => d.committee !== null && d.committee !== committee);
    if (asRow && scope.documents.some((d) => knowledge.figures(d.id).some((f) => isName(f.label)))) terms = [...new Set([...terms, ...key.filter((k) => k.length >= 3).map(lightStem)])];
  }
  return { ...route, terms, scope: { ...route.scope, municipality: names.municipality, committee } };
}

/** The offline answerer: router, scope, retrieval, then a lookup, a calculation, a trend or a summary, or a refusal. */
export class ExtractiveAnswerer implements Answerer {
  readonly name = 'extractive' as const;
  constructor(private readonly knowledge: Knowledge) {}

  async ask(question: string, options: AskOptions = {}): Promise<AnswerTrace> {
    const asked = routeQuestion(withContext(question, options.previousQuestion), this.knowledge.lexicon());
    const t = T[asked.lang];
    const docs = this.knowledge.documents();
    if (!docs.length) return { answer: made('none', t.noData, [], [], true), route: asked, retrieved: [] };
    const scope = await readableScope(this.knowledge, asked, resolveScope(asked, docs, options.documentIds));
    if (!scope.documents.length) {
      return { answer: made('none', `${t.notInDocs}: ${t.noDocs} (${scope.described}).`, [], [], true), route: asked, retrieved: [] };
    }
    const route = withNames(asked, scope, this.knowledge);
    const retrieved = await retrieve(this.knowledge, route, scope);
    const docIds = scope.documents.map((d) => d.id);
    const fromFigures = route.kind === 'summary' ? [] : route.terms.length ? rowCandidatesFromFigures(this.knowledge, docIds, route.terms) : totalRowCandidates(this.knowledge, docIds);
    const fromChunks = candidatesOf(retrieved, this.knowledge);
    const beside = route.kind === 'summary' ? [] : rowsBesideProse(this.knowledge, fromChunks, route.terms);
    const ranked = rank(mergeCandidates(mergeCandidates(fromChunks, fromFigures), beside), route, scope);
    const { answer, chart } = await this.answer(route, scope, ranked, retrieved);
    return { answer, route, retrieved, chart };
  }

  private async answer(route: Route, scope: Scope, ranked: ReturnType<typeof rank>, retrieved: ScoredChunk[]): Promise<{ answer: Answer; chart?: ChartSource }> {
    const k = this.knowledge;
    // An operation of the grammar (a sum of named rows, a change between two columns, a share of a whole) is
    // computed from its operands; when one is not found, the other readings get their turn, and a refusal names it.
    const operation = readOperation(route.question);
    let missing: string[] = [];
    if (operation) {
      const r = operate(k, route, scope, operation);
      if ('answer' in r) return { answer: r.answer };
      missing = r.missing;
    }
    const withMissing = (a: Answer): Answer => (a.refused && missing.length ? { ...a, answer: `${a.answer}\n${route.lang === 'sv' ? 'Hittades inte' : 'Not found'}: ${missing.join('; ')}.` } : a);
    const r = await this.answerByKind(route, scope, ranked, retrieved);
    return { ...r, answer: withMissing(r.answer) };
  }

  private async answerByKind(route: Route, scope: Scope, ranked: ReturnType<typeof rank>, retrieved: ScoredChunk[]): Promise<{ answer: Answer; chart?: ChartSource }> {
    const k = this.knowledge;
    if (route.kind === 'summary') {
      const docOrder = [...new Set(retrieved.map((r) => r.chunk.documentId))];
      return { answer: summarize(k, route, scope, docOrder) ?? refusal(k, route, scope, ranked[0]) };
    }
    if (route.kind === 'calculation') {
      const r = calculate(k, route, scope, ranked);
      if ('answer' in r) return r;
      const prose = route.op === 'breakdown' ? await proseBreakdown(k, route, scope) : null;
      if (prose) return { answer: prose };
      // A calculation the engine cannot place may still be stated in prose ("sammanlagt 96,7 mnkr").
      const s = supported(ranked, route, scope.documents);
      return { answer: s ? lookupAnswer(k, route, s) : refusal(k, route, scope, r.closest, r.reason) };
    }
    if (route.kind === 'trend') {
      const r = trendAnswer(k, route, scope, ranked);
      if ('answer' in r) return r;
      const s = supported(ranked, route, scope.documents);
      return { answer: s ? lookupAnswer(k, route, s) : refusal(k, route, scope, r.closest, r.reason) };
    }
    const s = supported(ranked, route, scope.documents);
    return { answer: s ? lookupAnswer(k, route, s) : refusal(k, route, scope, ranked[0]) };
  }
}
