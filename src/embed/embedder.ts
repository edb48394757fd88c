/** Turns texts into fixed-length vectors; two implementations: `LocalEmbedder` (offline) and `OpenAIEmbedder`. */
export interface Embedder {
  /** Names the model and its settings; an index built with one id is not searchable with another. */
  readonly id: string;
  readonly dimensions: number;
  /** Whether its ranking must cover every chunk (`full`) or may rank the lexical candidates only (`rerank`). */
  readonly denseSearch: 'full' | 'rerank';
  /** Weight of its ranking in the fusion with the lexical rankings (which weigh 1 and 0.5). */
  readonly fusionWeight: number;
  /** Unit-length vectors, one per text, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}
