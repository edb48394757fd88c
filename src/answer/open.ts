import type { Env } from '../config/env.ts';
import { ExtractiveAnswerer, type Answerer } from './answerer.ts';
import { StoreKnowledge, type Knowledge } from './knowledge.ts';
import { LlmAnswerer } from './llm/answerer.ts';

/** The LLM answerer when OPENAI_API_KEY or OPENAI_BASE_URL is set, else the extractive one; null without a store. */
export async function openAnswerer(env: Env, options: { offline?: boolean } = {}): Promise<{ answerer: Answerer; knowledge: Knowledge } | null> {
  const knowledge = await StoreKnowledge.open(env);
  if (!knowledge) return null;
  const useLlm = !options.offline && (env.OPENAI_API_KEY !== undefined || env.OPENAI_BASE_URL !== undefined);
  const answerer = useLlm ? new LlmAnswerer(knowledge, env) : new ExtractiveAnswerer(knowledge);
  return { answerer, knowledge };
}
