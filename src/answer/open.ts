import type { Env } from '../config/env.ts';
import { ExtractiveAnswerer, type Answerer } from './answerer.ts';
import { StoreKnowledge, type Knowledge } from './knowledge.ts';
import { LlmAnswerer } from './llm/answerer.ts';
import { providerOf } from './llm/provider.ts';

export type AnswererChoice = 'auto' | 'llm' | 'extractive';

/**
 * The LLM answerer when a model is configured (src/answer/llm/provider.ts), else the extractive one; null without a
 * store. `llm` insists on the model and throws when none is configured; `extractive` (or offline) never uses one.
 */
export async function openAnswerer(env: Env, options: { offline?: boolean; answerer?: AnswererChoice } = {}): Promise<{ answerer: Answerer; knowledge: Knowledge } | null> {
  const choice = options.offline ? 'extractive' : (options.answerer ?? 'auto');
  const provider = choice === 'extractive' ? null : providerOf(env);
  if (choice === 'llm' && !provider) throw new Error('no language model is configured: set OPENAI_BASE_URL, OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT or OLLAMA_BASE_URL');
  const knowledge = await StoreKnowledge.open(env);
  if (!knowledge) return null;
  const answerer = provider ? new LlmAnswerer(knowledge, env, provider) : new ExtractiveAnswerer(knowledge);
  return { answerer, knowledge };
}
