import type { Chunk } from '../model/chunk.ts';
import { grams, stems } from './analyzer.ts';

/** The lexical terms a chunk is indexed under: its text and its context (title, heading path, table caption). */
export function chunkTerms(chunk: Pick<Chunk, 'text' | 'context'>): { stems: string[]; grams: string[] } {
  const all = `${chunk.context}\n${chunk.text}`;
  return { stems: stems(all), grams: grams(all) };
}

/** The text a chunk's dense vector is computed from. */
export function embeddingText(chunk: Pick<Chunk, 'text' | 'context'>): string {
  return `${chunk.context}\n${chunk.text}`;
}
