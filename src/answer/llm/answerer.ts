import { readFileSync } from 'node:fs';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessageChunk, HumanMessage, SystemMessage, ToolMessage, type AIMessage, type BaseMessage, type MessageContent } from '@langchain/core/messages';
import type { Env } from '../../config/env.ts';
import { logger } from '../../log/logger.ts';
import type { Answer, Citation } from '../../model/answer.ts';
import { ExtractiveAnswerer, withContext, type Answerer, type AnswerTrace, type AskOptions } from '../answerer.ts';
import { T, made, uniqueBy, uniqueCitations } from '../compose.ts';
import type { Knowledge } from '../knowledge.ts';
import type { Lang } from '../lang.ts';
import { route as routeQuestion } from '../router.ts';
import { readableScope } from '../readable.ts';
import { resolveScope } from '../scope.ts';
import { numbersIn } from '../text.ts';
import { CircuitBreaker } from './breaker.ts';
import { citedInOrder, guardNumbers, removedNote, renumberCitations, yearsIn, type Context } from './guard.ts';
import { chatModel, endpointOf, type Provider } from './provider.ts';
import { ToolBox, type Source } from './tools.ts';
import { documentText } from './wrap.ts';

const PROMPT_DIR = new URL('../../../prompts/', import.meta.url);
const MAX_ROUNDS = 6;

/** Why the model's answer was not used. */
export type Failure = 'timeout' | 'connection' | 'rate-limit' | 'no-final' | 'circuit-open' | 'error';

const NOT_REACHED: Record<Lang, { line: (why: string) => string; why: Record<Failure, string> }> = {
  sv: {
    line: (why) => `(Språkmodellen kunde inte nås: ${why}. Svaret är hämtat direkt ur dokumenten.)`,
    why: {
      timeout: 'den svarade inte inom tidsgränsen',
      connection: 'ingen anslutning till den',
      'rate-limit': 'den tar inte emot fler frågor just nu',
      'no-final': 'den gav inget slutligt svar',
      'circuit-open': 'den har inte svarat på de senaste frågorna och prövas igen om en stund',
      error: 'den svarade med ett fel',
    },
  },
  en: {
    line: (why) => `(The language model was not reached: ${why}. This answer is taken directly from the documents.)`,
    why: {
      timeout: 'it did not answer within the time limit',
      connection: 'no connection to it',
      'rate-limit': 'it accepts no more questions right now',
      'no-final': 'it gave no final answer',
      'circuit-open': 'it has not answered the last questions and will be tried again shortly',
      error: 'it answered with an error',
    },
  },
};

class DeadlineError extends Error {
  constructor(ms: number) {
    super(`no answer from the language model within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/** A failure of the model call, by what the user is told. */
export function failureOf(err: unknown): Failure {
  const e = err as { name?: string; status?: number; code?: string; message?: string; cause?: unknown; error?: { code?: string } };
  const text = `${e?.name ?? ''} ${e?.code ?? ''} ${e?.message ?? ''} ${String((e?.cause as { code?: string })?.code ?? '')}`;
  if (err instanceof DeadlineError || /Timeout|timed out|AbortError|aborted/i.test(text)) return 'timeout';
  if (e?.status === 429 || /rate.?limit|\b429\b|too many requests/i.test(text)) return 'rate-limit';
  if (/ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|EAI_AGAIN|fetch failed|Connection error|socket hang up|other side closed/i.test(text)) return 'connection';
  return 'error';
}

/** Runs `fn` with a signal that aborts after `ms`, and stops waiting then even if the client ignores the signal. */
async function withDeadline<R>(ms: number, fn: (signal: AbortSignal) => Promise<R>): Promise<R> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new DeadlineError(ms);
      controller.abort(err);
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([fn(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

function textOf(content: MessageContent): string {
  if (typeof content === 'string') return content;
  return content.map((p) => (p.type === 'text' && 'text' in p ? String(p.text) : '')).join('');
}

/**
 * The sources a text cites, in the order it first cites them, as the answer's citation list; the text's ids become
 * the numbers of that list, as Slack and the terminal show it. Only what the text cites is listed.
 */
function numbered(text: string, sources: readonly Source[]): { text: string; citations: Citation[]; used: Source[] } {
  const used = citedInOrder(text)
    .map((id) => sources.find((s) => s.id === id))
    .filter((s) => s !== undefined);
  const citations = uniqueCitations(used.flatMap((s) => s.citations));
  const key = (c: Citation) => `${c.document}|${c.page}|${c.quote}`;
  const numberOf = new Map(used.filter((s) => s.citations.length).map((s) => [s.id, citations.findIndex((c) => key(c) === key(s.citations[0]!)) + 1]));
  return { text: renumberCitations(text, numberOf), citations, used };
}

export interface LlmAnswererOptions {
  /** Answers when the model cannot: the extractive answerer over the same knowledge, unless given. */
  fallback?: Answerer;
  breaker?: CircuitBreaker;
}

/**
 * The LLM answerer: a LangChain chat model with the calc engine and retrieval bound as tools. Its text is checked
 * afterwards (numbers its sentences' sources do not state are removed, and the answer says so). When the model cannot
 * be reached in time, the extractive answer is given with a line saying so; a dead endpoint is skipped for a while.
 */
export class LlmAnswerer implements Answerer {
  readonly name = 'llm' as const;
  private readonly model: BaseChatModel;
  private readonly systemTemplate: string;
  private readonly fallback: Answerer;
  private readonly breaker: CircuitBreaker;
  private readonly callMs: number;
  private readonly budgetMs: number;

  constructor(
    private readonly knowledge: Knowledge,
    env: Env,
    provider: Provider,
    options: LlmAnswererOptions = {},
  ) {
    this.model = chatModel(env, provider);
    this.systemTemplate = readFileSync(new URL('system.md', PROMPT_DIR), 'utf8');
    this.fallback = options.fallback ?? new ExtractiveAnswerer(knowledge);
    this.breaker = options.breaker ?? new CircuitBreaker();
    this.callMs = env.NAMNDKOLL_LLM_TIMEOUT_S * 1000;
    this.budgetMs = env.NAMNDKOLL_LLM_BUDGET_S * 1000;
    logger.info({ provider, endpoint: endpointOf(env, provider) }, 'LLM answerer: questions and the document text its tools find are sent to this endpoint');
  }

  async ask(question: string, options: AskOptions = {}): Promise<AnswerTrace> {
    const started = Date.now();
    const q = withContext(question, options.previousQuestion);
    const route = routeQuestion(q);
    const scope = await readableScope(this.knowledge, route, resolveScope(route, this.knowledge.documents(), options.documentIds));
    // Nothing in scope (another municipality, a document not stored): say so without asking the model.
    if (!scope.documents.length) {
      const t = T[route.lang];
      return { answer: made('none', `${t.notInDocs}: ${t.noDocs}${scope.described ? ` (${scope.described})` : ''}.`, [], [], true), route, retrieved: [] };
    }
    if (!this.breaker.allows()) return this.fallBack(question, options, route.lang, 'circuit-open');

    const box = new ToolBox(this.knowledge, new Set(scope.documents.map((d) => d.id)));
    const docsList = scope.documents.map((d) => `- ${documentText(d.id)}: ${documentText(`${d.title}${d.year ? `, ${d.year}` : ''}`)}`).join('\n');
    const system = this.systemTemplate.replace('{{lang}}', route.lang === 'sv' ? 'Swedish' : 'English').replace('{{documents}}', docsList);
    const context = (): Context => ({
      question: numbersIn(q).map((n) => n.value),
      years: yearsIn([q, ...scope.documents.map((d) => `${d.title} ${d.year ?? ''}`), ...box.sources.flatMap((s) => s.citations.map((c) => `${c.section} ${c.quote}`))]),
    });
    // Streamed text is shown up to its last whole sentence, with the numbers the guard would remove already removed.
    const onText = options.onPartial
      ? (text: string) => {
          const whole = text.slice(0, text.search(/[^.!?\n]*$/));
          if (whole.trim()) options.onPartial!(numbered(guardNumbers(whole, box.sources, route.lang, context()).text, box.sources).text);
        }
      : undefined;

    let final: string;
    try {
      // Some of the budget is kept for the extractive answer, should the model not deliver.
      const deadline = started + this.budgetMs - Math.min(2000, this.budgetMs / 4);
      final = await this.loop(box, [new SystemMessage(system), new HumanMessage(q)], deadline, onText);
    } catch (err) {
      const failure = failureOf(err);
      this.breaker.failed();
      logger.warn({ err: err instanceof Error ? err.message : String(err), failure }, 'LLM answerer: falling back to the extractive answer');
      return this.fallBack(question, options, route.lang, failure);
    }
    this.breaker.succeeded();
    if (!final.trim()) return this.fallBack(question, options, route.lang, 'no-final');

    const guarded = guardNumbers(final, box.sources, route.lang, context());
    if (guarded.removed.length) logger.warn({ removed: guarded.removed }, 'LLM answerer: numbers its cited sources do not state were removed');
    const { text: cited, citations, used } = numbered(guarded.text, box.sources);
    const values = uniqueBy(
      used.filter((s) => guarded.stated.has(s.id) && s.value).map((s) => s.value!),
      (v) => `${v.label}|${v.period}|${v.value}|${v.unit}`,
    );
    const text = [cited.trim(), removedNote(guarded.removed.length, route.lang)].filter(Boolean).join('\n\n');
    const refused = /framgår inte|finns inte i dokumenten|do not (say|state|contain)|does not (say|state|contain)|not stated/i.test(final);
    const answer: Answer = made(route.kind, text, refused ? [] : values, citations, refused);
    return { answer, route, retrieved: box.retrieved };
  }

  /** The model's rounds: tool calls until it writes a final text (empty when it never does within MAX_ROUNDS). */
  private async loop(box: ToolBox, messages: BaseMessage[], deadline: number, onText?: (text: string) => void): Promise<string> {
    const tools = box.tools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    const model = this.model.bindTools!(tools);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const ms = Math.min(this.callMs, deadline - Date.now());
      if (ms <= 0) throw new DeadlineError(this.budgetMs);
      const reply: AIMessage = await withDeadline(ms, async (signal) => {
        if (!onText) return model.invoke(messages, { signal });
        let acc: AIMessageChunk | undefined;
        for await (const chunk of await model.stream(messages, { signal })) {
          acc = acc ? acc.concat(chunk) : chunk;
          if (!acc.tool_call_chunks?.length) onText(textOf(acc.content));
        }
        return acc ?? new AIMessageChunk({ content: '' });
      });
      messages.push(reply);
      const calls = reply.tool_calls ?? [];
      if (!calls.length) return textOf(reply.content);
      for (const call of calls) {
        const t = byName.get(call.name);
        let content: string;
        try {
          content = t ? String(await t.invoke(call.args)) : `error: unknown tool ${call.name}`;
        } catch (err) {
          // Arguments that do not fit the tool's schema go back to the model as an error it can correct.
          content = `error: ${err instanceof Error ? err.message : String(err)}`;
        }
        messages.push(new ToolMessage({ content, tool_call_id: call.id ?? call.name }));
      }
    }
    return '';
  }

  private async fallBack(question: string, options: AskOptions, lang: Lang, failure: Failure): Promise<AnswerTrace> {
    const trace = await this.fallback.ask(question, { ...options, onPartial: undefined });
    const note = NOT_REACHED[lang];
    return { ...trace, answer: { ...trace.answer, answer: `${trace.answer.answer}\n\n${note.line(note.why[failure])}` } };
  }
}
