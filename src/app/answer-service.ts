import type { Answerer } from '../answer/answerer.ts';
import type { Knowledge } from '../answer/knowledge.ts';
import { made } from '../answer/compose.ts';
import { openAnswerer } from '../answer/open.ts';
import type { Env } from '../config/env.ts';
import type { Answer } from '../model/answer.ts';
import { chartForAnswer, chartForCalculation } from './chart.ts';
import type { AskOptions } from './pipeline.ts';

/** An answer with its chart (drawn where the answer was made, so that the calculation behind it is at hand). */
export interface AnsweredQuestion {
  answer: Answer;
  chart: Uint8Array | null;
}

interface Generation {
  answerer: Answerer;
  knowledge: Knowledge;
  inFlight: number;
  stale: boolean;
}

/**
 * Answers questions over the store; runs in a worker thread of the pool (or in the caller's thread). The answerer
 * keeps documents warm; after an ingest `reopen` starts a new generation for the questions that come next, and
 * the old one is closed only when its last question in flight is answered, so nothing is closed under a reader.
 */
export class AnswerService {
  private current: Promise<Generation | null> | null = null;

  constructor(private readonly env: Env) {}

  async ask(question: string, options: AskOptions): Promise<AnsweredQuestion> {
    const g = await (this.current ??= this.open());
    if (!g) return { answer: made('none', 'Inga dokument är inlästa än.', [], [], true), chart: null };
    g.inFlight++;
    try {
      const trace = await g.answerer.ask(question, options);
      const answer = trace.answer;
      const chart = answer.refused ? null : trace.chart ? await chartForCalculation(trace.chart) : await chartForAnswer(answer);
      return { answer, chart };
    } finally {
      g.inFlight--;
      if (g.stale && g.inFlight === 0) await g.knowledge.close();
    }
  }

  /** The store changed: questions from now on see it; those in flight finish on what they started with. */
  async reopen(): Promise<void> {
    const old = await this.current;
    this.current = null;
    if (!old) return;
    old.stale = true;
    if (old.inFlight === 0) await old.knowledge.close();
  }

  /**
   * Opens the store and reads ahead in the background of a long-lived process (the bot's answer threads), so that
   * the first question after a start or an ingest does not pay for it. Failures surface on the next question.
   */
  async warm(): Promise<void> {
    const g = await (this.current ??= this.open());
    await g?.knowledge.warm();
  }

  async close(): Promise<void> {
    await this.reopen();
  }

  private async open(): Promise<Generation | null> {
    const opened = await openAnswerer(this.env);
    if (!opened) {
      // Nothing stored yet: ask again next time rather than remember the empty store.
      queueMicrotask(() => (this.current = null));
      return null;
    }
    return { answerer: opened.answerer, knowledge: opened.knowledge, inFlight: 0, stale: false };
  }
}
