import type { Env } from '../config/env.ts';
import type { Embedder } from './embedder.ts';
import { LocalEmbedder } from './local.ts';
import { OpenAIEmbedder } from './openai.ts';

export type { Embedder } from './embedder.ts';
export { LocalEmbedder } from './local.ts';
export { OpenAIEmbedder } from './openai.ts';

/** The OpenAI-compatible embedder when OPENAI_EMBEDDING_MODEL is set, else the offline one. */
export async function embedderFromEnv(env: Env): Promise<Embedder> {
  if (env.OPENAI_EMBEDDING_MODEL) {
    return OpenAIEmbedder.create({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_EMBEDDING_MODEL });
  }
  return new LocalEmbedder();
}
