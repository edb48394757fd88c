import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { change, difference, share, sum } from '../../calc/arithmetic.ts';
import { deficits } from '../../calc/deficits.ts';
import { queryFigures } from '../../calc/figures.ts';
import { trend } from '../../calc/trend.ts';
import type { Env } from '../../config/env.ts';
import { logger } from '../../log/logger.ts';
import type { AnswerValue, Citation } from '../../model/answer.ts';
import { CalculateArgs, DeficitsArgs, FiguresArgs, SearchArgs, TrendArgs } from '../../model/answer-tools.ts';
import type { CalcFigure } from '../../model/calc.ts';
import type { ScoredChunk } from '../../model/chunk.ts';
import { withContext, type Answerer, type AnswerTrace, type AskOptions } from '../answerer.ts';
import { T, citationOfFigure, made } from '../compose.ts';
import type { Knowledge } from '../knowledge.ts';
import { route as routeQuestion } from '../router.ts';
import { resolveScope } from '../scope.ts';
import { numbersIn, squash } from '../text.ts';
import { removeUnsourcedNumbers } from './guard.ts';

const PROMPT_DIR = new URL('../../../prompts/', import.meta.url);
const MAX_ROUNDS = 6;

/** A source the model may cite: a retrieved passage (`S1`) or a table figure (`F1`). */
type Source = { id: string; citation: Citation; text: string; figure?: CalcFigure };

const TOOLS: { name: string; description: string; schema: z.ZodType }[] = [
  { name: 'search_documents', description: 'Hybrid search over the stored documents. Returns passages and table rows with ids S1, S2, … to cite.', schema: SearchArgs },
  { name: 'find_figures', description: 'Table figures whose row label matches, with measure (utfall, budget, prognos, avvikelse, …), period, unit and ids F1, F2, …', schema: FiguresArgs },
  { name: 'calculate', description: 'Sum, difference (a − b), change (from → to, with %) or share (part / whole in %) of figures given by their F ids.', schema: CalculateArgs },
  { name: 'deficits_per_area', description: 'Deficits and surpluses per row of the deviation column of a document\'s tables, with their sum and the printed total.', schema: DeficitsArgs },
  { name: 'trend', description: 'An indicator (row label) over the years, stitched across documents, with each year\'s source.', schema: TrendArgs },
];

/**
 * The LLM answerer: the same scope, retrieval and calc engine as the extractive one, offered to the model as tools. The
 * model's text is checked afterwards: numbers that no tool result contains are removed, and the answer says so.
 */
export class LlmAnswerer implements Answerer {
  readonly name = 'llm' as const;
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly systemTemplate: string;

  constructor(
    private readonly knowledge: Knowledge,
    env: Env,
  ) {
    this.client = new OpenAI({ apiKey: env.OPENAI_API_KEY ?? 'not-needed', baseURL: env.OPENAI_BASE_URL, maxRetries: 1, timeout: 60_000 });
    this.model = env.OPENAI_CHAT_MODEL;
    this.systemTemplate = readFileSync(new URL('system.md', PROMPT_DIR), 'utf8');
  }

  async ask(question: string, options: AskOptions = {}): Promise<AnswerTrace> {
    const q = withContext(question, options.previousQuestion);
    const route = routeQuestion(q);
    const scope = resolveScope(route, this.knowledge.documents(), options.documentIds);
    const allowed = new Set(scope.documents.map((d) => d.id));
    // Nothing in scope (another municipality, a document not stored): say so without asking the model.
    if (!scope.documents.length) {
      const t = T[route.lang];
      return { answer: made('none', `${t.notInDocs}: ${t.noDocs}${scope.described ? ` (${scope.described})` : ''}.`, [], [], true), route, retrieved: [] };
    }
    const sources: Source[] = [];
    const retrieved: ScoredChunk[] = [];
    const docsList = scope.documents.map((d) => `- ${d.id}: ${d.title}${d.year ? `, ${d.year}` : ''}`).join('\n');
    const system = this.systemTemplate.replace('{{lang}}', route.lang === 'sv' ? 'Swedish' : 'English').replace('{{documents}}', docsList || '(none match the question)');
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: system },
      { role: 'user', content: q },
    ];
    const tools: ChatCompletionTool[] = TOOLS.map((t) => ({
      type: 'function',
      function: { name: t.name, description: t.description, parameters: z.toJSONSchema(t.schema) as Record<string, unknown> },
    }));
    const toolResults: string[] = [];

    let final = '';
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const res = await this.client.chat.completions.create({ model: this.model, messages, tools, temperature: 0 });
      const msg = res.choices[0]?.message;
      if (!msg) break;
      const calls = msg.tool_calls ?? [];
      if (!calls.length) {
        final = msg.content ?? '';
        break;
      }
      messages.push(msg as ChatCompletionMessageParam);
      for (const call of calls) {
        if (call.type !== 'function') continue;
        let content: string;
        try {
          content = await this.runTool(call.function.name, JSON.parse(call.function.arguments || '{}'), allowed, sources, retrieved);
        } catch (err) {
          content = `error: ${err instanceof Error ? err.message : String(err)}`;
        }
        toolResults.push(content);
        messages.push({ role: 'tool', tool_call_id: call.id, content });
      }
    }

    const guarded = removeUnsourcedNumbers(final, [...toolResults, ...sources.map((s) => s.text)], numbersIn(q).map((n) => n.value), route.lang);
    if (guarded.removed.length) logger.warn({ removed: guarded.removed }, 'numbers without a source removed from an LLM answer');
    const cited = new Set([...final.matchAll(/\[([SF]\d+)\]/g)].map((m) => m[1]!));
    const used = sources.filter((s) => cited.has(s.id));
    
    // The figures the answer states: those tool figures whose value the (guarded) text writes.
    const written = numbersIn(guarded.text).map((n) => n.value);
    const stated = sources.filter((s) => s.figure && written.includes(s.figure.value));
    const values: AnswerValue[] = [...new Map(stated.map((s) => [`${s.figure!.value}|${s.figure!.unit}`, s.figure!])).values()].map((f) => ({
      label: f.label,
      period: f.period.text,
      value: f.value,
      unit: f.unit ?? '',
    }));
    for (const s of stated) if (!used.includes(s)) used.push(s);
    const citations = (used.length ? used : sources.slice(0, 3)).map((s) => s.citation);
    const refused = !final.trim() || /framgår inte|finns inte i dokumenten|do not (say|state|contain)|does not (say|state|contain)|not stated/i.test(final);
    return { answer: made(route.kind, guarded.text || final, refused ? [] : values, citations, refused), route, retrieved };
  }

  private async runTool(name: string, rawArgs: unknown, allowed: Set<string>, sources: Source[], retrieved: ScoredChunk[]): Promise<string> {
    const k = this.knowledge;
    const check = (id: string | undefined) => {
      if (id !== undefined && !allowed.has(id)) throw new Error(`document ${id} is outside the question's scope or not stored`);
    };
    const addFigure = (f: CalcFigure): string => {
      const id = `F${sources.length + 1}`;
      const line = `${id}: ${f.label} | ${f.columnLabel.join(' ')} | ${f.measure} ${f.period.text} | ${f.value} ${f.unit ?? ''} | ${f.source.documentId} s. ${f.source.page}`;
      sources.push({ id, citation: citationOfFigure(k, f), text: line, figure: f });
      return line;
    };
    switch (name) {
      case 'search_documents': {
        const a = SearchArgs.parse(rawArgs);
        a.documentIds?.forEach(check);
        const ids = a.documentIds?.length ? a.documentIds : [...allowed];
        const hits = await k.search(a.query, { documentId: ids }, a.limit);
        retrieved.push(...hits);
        return hits
          .map((h) => {
            const id = `S${sources.length + 1}`;
            const text = squash(h.chunk.text).slice(0, 700);
            sources.push({ id, citation: { document: h.chunk.documentId, page: h.chunk.pages[0]!, section: h.chunk.headingPath.join(' › '), quote: text }, text });
            return `${id} [${h.chunk.documentId}, s. ${h.chunk.pages[0]}] <document-text>${text}</document-text>`;
          })
          .join('\n');
      }
      case 'find_figures': {
        const a = FiguresArgs.parse(rawArgs);
        check(a.documentId);
        const ids = a.documentId ? [a.documentId] : [...allowed];
        const figs = ids.flatMap((id) => queryFigures(k.figures(id), { label: a.label, labelMatch: 'contains', measure: a.measure ? [a.measure] : undefined, period: a.year ? { year: a.year } : undefined }));
        return figs.slice(0, 25).map(addFigure).join('\n') || 'no figures found';
      }
      case 'calculate': {
        const a = CalculateArgs.parse(rawArgs);
        const figs = a.figures.map((id) => {
          const s = sources.find((x) => x.id === id && x.figure);
          if (!s) throw new Error(`${id} is not a figure id from an earlier result`);
          return s.figure!;
        });
        const r =
          a.operation === 'sum' ? sum(figs) : a.operation === 'difference' ? difference(figs[0]!, figs[1]!) : a.operation === 'change' ? change(figs[0]!, figs[1]!) : share(figs[0]!, figs[1]!);
        return JSON.stringify({ value: r.value, unit: r.unit, pct: r.pct, magnitudeChange: r.magnitudeChange, formula: r.formula });
      }
      case 'deficits_per_area': {
        const a = DeficitsArgs.parse(rawArgs);
        check(a.documentId);
        const doc = k.document(a.documentId);
        if (!doc) throw new Error(`no document ${a.documentId}`);
        const bs = deficits(doc, { documentId: a.documentId, period: a.round ? { round: a.round } : undefined });
        return bs
          .slice(0, 4)
          .map((b) => `${b.caption} [${b.column.header.join(' ')}]: ${b.areas.map((x) => addFigure(x.figure)).join('; ')}; deficitSum ${b.deficitSum} ${b.unit ?? ''}; sum ${b.sum}${b.printedTotal ? `; printed total ${b.printedTotal.value}` : ''}`)
          .join('\n') || 'no deviation columns found';
      }
      case 'trend': {
        const a = TrendArgs.parse(rawArgs);
        const docs = [...allowed].map((id) => k.document(id)).filter((d) => d !== null);
        const t = trend(docs, { label: a.label, fromYear: a.fromYear, toYear: a.toYear });
        return [...t.points.map((p) => addFigure(p.figure)), t.formula].join('\n');
      }
      default:
        throw new Error(`unknown tool ${name}`);
    }
  }
}
