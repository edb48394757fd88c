import OpenAI from 'openai';
import { normalize, type Embedder } from './embedder.ts';

export interface OpenAIEmbedderOptions {
  apiKey?: string;
  baseURL?: string;
  model: string;
  /** Texts per request. */
  batchSize?: number;
}

/** Embeddings from an OpenAI-compatible `/embeddings` endpoint (OpenAI, Azure-style gateways, Ollama, vLLM). */
export class OpenAIEmbedder implements Embedder {
  readonly id: string;
  readonly denseSearch = 'full' as const;
  readonly fusionWeight = 1;
  dimensions: number;
  private readonly client: OpenAI;

  private constructor(private readonly options: OpenAIEmbedderOptions, dimensions: number) {
    this.client = new OpenAI({ apiKey: options.apiKey ?? 'unused', baseURL: options.baseURL });
    this.id = `openai:${options.model}`;
    this.dimensions = dimensions;
  }

  /** Asks the endpoint once, to learn the model's vector length. */
  static async create(options: OpenAIEmbedderOptions): Promise<OpenAIEmbedder> {
    const e = new OpenAIEmbedder(options, 0);
    const [probe] = await e.embed(['dimensionsprov']);
    e.dimensions = probe!.length;
    return e;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const size = this.options.batchSize ?? 128;
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += size) {
      const batch = texts.slice(i, i + size).map((t) => t || ' ');
      const res = await this.client.embeddings.create({ model: this.options.model, input: batch, encoding_format: 'float' });
      const sorted = [...res.data].sort((a, b) => a.index - b.index);
      for (const d of sorted) out.push(normalize(Float32Array.from(d.embedding)));
    }
    return out;
  }
}
