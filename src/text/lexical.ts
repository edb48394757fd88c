import type { Chunk } from '../model/chunk.ts';
import { grams, stems, words } from './analyzer.ts';

type Indexable = Pick<Chunk, 'text' | 'context' | 'kind'>;

// A table row names every cell by its column header, so header words repeat (`Budget 2015 Soc öster: … |
// Budget 2016 Soc öster: …`); counted once each, they do not outweigh the row's label.
const once = <T>(xs: T[]) => [...new Set(xs)];

/** The lexical terms a chunk is indexed under: its text and its context (heading path). */
export function chunkTerms(chunk: Indexable): { stems: string[]; grams: string[] } {
  const all = `${chunk.context}\n${chunk.text}`;
  if (chunk.kind === 'row') return { stems: once(stems(all)), grams: once(grams(all)) };
  return { stems: stems(all), grams: grams(all) };
}

/** The text a chunk's dense vector is computed from. */
export function embeddingText(chunk: Indexable): string {
  const all = `${chunk.context}\n${chunk.text}`;
  return chunk.kind === 'row' ? once(words(all)).join(' ') : all;
}
