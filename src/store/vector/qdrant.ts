import { createHash } from 'node:crypto';
import { QdrantClient } from '@qdrant/js-client-rest';
import { Chunk, type ScoredChunk, type SearchFilter } from '../../model/chunk.ts';
import { termCounts } from '../../text/analyzer.ts';
import { RRF_K, RRF_WEIGHTS, type IndexedChunk, type StoreQuery, type StoredDocument, type VectorStore } from './store.ts';

export interface QdrantOptions {
  url: string;
  apiKey?: string;
  collection: string;
}

const CANDIDATES = 100;
const UPSERT_BATCH = 128;
/** BM25 term-frequency saturation; the server multiplies by IDF (`modifier: idf`). */
const K1 = 1.2;

type Filter = { must: Record<string, unknown>[] };

/**
 * Qdrant: one collection with a named dense vector and two sparse vectors (stems, OCR-folded n-grams, IDF
 * modifier), payload indexes for the filters, and hybrid search as prefetch + reciprocal-rank fusion on the server.
 */
export class QdrantStore implements VectorStore {
  readonly kind = 'qdrant';
  private readonly client: QdrantClient;
  private readonly collection: string;

  constructor(options: QdrantOptions) {
    this.client = new QdrantClient({ url: options.url, apiKey: options.apiKey, checkCompatibility: false });
    this.collection = options.collection;
  }

  async init(embedderId: string, dimensions: number): Promise<void> {
    const { exists } = await this.client.collectionExists(this.collection);
    if (exists) {
      const info = await this.client.getCollection(this.collection);
      const vectors = info.config.params.vectors as Record<string, { size: number }> | undefined;
      const size = vectors?.dense?.size;
      const meta = (info.config.metadata ?? {}) as Record<string, unknown>;
      if (size === dimensions && (meta.embedder === undefined || meta.embedder === embedderId)) return;
      if ((info.points_count ?? 0) > 0) {
        throw new Error(`Qdrant collection ${this.collection} was built with ${String(meta.embedder ?? `${size} dimensions`)}, not ${embedderId}: run \`namndkoll reindex\``);
      }
      await this.client.deleteCollection(this.collection);
    }
    const config = {
      vectors: { dense: { size: dimensions, distance: 'Cosine' as const } },
      sparse_vectors: { stems: { modifier: 'idf' as const }, grams: { modifier: 'idf' as const } },
    };
    try {
      await this.client.createCollection(this.collection, { ...config, metadata: { embedder: embedderId } } as Parameters<QdrantClient['createCollection']>[1]);
    } catch (err) {
      // Servers before collection metadata (1.16) reject the field; the vector size still guards the index.
      if (!isClientError(err)) throw err;
      await this.client.createCollection(this.collection, config);
    }
    for (const [field, schema] of [
      ['documentId', 'keyword'],
      ['municipality', 'keyword'],
      ['committee', 'keyword'],
      ['documentType', 'keyword'],
      ['year', 'integer'],
    ] as const) {
      await this.client.createPayloadIndex(this.collection, { field_name: field, field_schema: schema, wait: true });
    }
  }

  async indexedWith(): Promise<string | null> {
    if (!(await this.client.collectionExists(this.collection)).exists) return null;
    const info = await this.client.getCollection(this.collection);
    if (!info.points_count) return null;
    const meta = (info.config.metadata ?? {}) as Record<string, unknown>;
    return typeof meta.embedder === 'string' ? meta.embedder : null;
  }

  async upsert(items: readonly IndexedChunk[]): Promise<void> {
    for (let i = 0; i < items.length; i += UPSERT_BATCH) {
      const points = items.slice(i, i + UPSERT_BATCH).map(({ chunk, vector, stems, grams }) => ({
        id: pointId(chunk.id),
        vector: { dense: Array.from(vector), stems: sparse(stems), grams: sparse(grams) },
        payload: chunk as unknown as Record<string, unknown>,
      }));
      await this.client.upsert(this.collection, { wait: true, points });
    }
  }

  async deleteDocument(documentId: string): Promise<void> {
    if (!(await this.client.collectionExists(this.collection)).exists) return;
    await this.client.delete(this.collection, { wait: true, filter: { must: [{ key: 'documentId', match: { value: documentId } }] } });
  }

  async clear(): Promise<void> {
    if ((await this.client.collectionExists(this.collection)).exists) await this.client.deleteCollection(this.collection);
  }

  async search(q: StoreQuery): Promise<ScoredChunk[]> {
    // A filter that allows no value matches nothing (Qdrant would read an empty `any` otherwise).
    if (Object.values(q.filter ?? {}).some((v) => Array.isArray(v) && v.length === 0)) return [];
    const filter = qdrantFilter(q.filter);
    const n = Math.max(CANDIDATES, q.limit * 4);
    const w = q.weights ?? RRF_WEIGHTS;
    const prefetch: Record<string, unknown>[] = [];
    const weights: number[] = [];
    if (q.vector.length) prefetch.push({ query: Array.from(q.vector), using: 'dense', limit: n, filter }) && weights.push(w.dense);
    if (q.stems.length) prefetch.push({ query: sparse(q.stems, false), using: 'stems', limit: n, filter }) && weights.push(w.stems);
    if (q.grams.length) prefetch.push({ query: sparse(q.grams, false), using: 'grams', limit: n, filter }) && weights.push(w.grams);
    if (!prefetch.length) return [];
    const request = (query: Record<string, unknown>) =>
      this.client.query(this.collection, { prefetch, query, filter, limit: q.limit, with_payload: true } as Parameters<QdrantClient['query']>[1]);
    let res;
    try {
      // Same k and weights as the embedded store, so both fuse alike.
      res = await request({ rrf: { k: RRF_K, weights } });
    } catch (err) {
      // Servers before parameterised RRF (1.16) know only plain RRF.
      if (!isClientError(err)) throw err;
      res = await request({ fusion: 'rrf' });
    }
    return res.points
      .map((p) => ({ chunk: Chunk.parse(p.payload), score: p.score }))
      .sort((a, b) => b.score - a.score || (a.chunk.id < b.chunk.id ? -1 : a.chunk.id > b.chunk.id ? 1 : 0));
  }

  async count(): Promise<number> {
    if (!(await this.client.collectionExists(this.collection)).exists) return 0;
    return (await this.client.count(this.collection, { exact: true })).count;
  }

  async documents(): Promise<StoredDocument[]> {
    if (!(await this.client.collectionExists(this.collection)).exists) return [];
    const facet = await this.client.facet(this.collection, { key: 'documentId', limit: 100_000, exact: true });
    const out: StoredDocument[] = [];
    for (const hit of facet.hits) {
      const id = String(hit.value);
      const { points } = await this.client.scroll(this.collection, {
        filter: { must: [{ key: 'documentId', match: { value: id } }] },
        limit: 1,
        with_payload: true,
      });
      const c = Chunk.parse(points[0]!.payload);
      out.push({ documentId: id, title: c.title, municipality: c.municipality, committee: c.committee, documentType: c.documentType, year: c.year, chunks: hit.count });
    }
    return out.sort((a, b) => (a.documentId < b.documentId ? -1 : 1));
  }

  async close(): Promise<void> {}
}

function isClientError(err: unknown): boolean {
  const status = (err as { status?: number } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** Qdrant point ids are unsigned integers or UUIDs: a UUID-shaped hash of the chunk id. */
export function pointId(chunkId: string): string {
  const h = createHash('sha1').update(chunkId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Terms hashed to 32-bit indices; document weights saturate like BM25, query weights are plain counts. */
function sparse(terms: readonly string[], saturate = true): { indices: number[]; values: number[] } {
  const byIndex = new Map<number, number>();
  for (const [term, tf] of termCounts(terms)) {
    const idx = createHash('md5').update(term).digest().readUInt32LE(0);
    const w = saturate ? (tf * (K1 + 1)) / (tf + K1) : tf;
    byIndex.set(idx, (byIndex.get(idx) ?? 0) + w);
  }
  const indices = [...byIndex.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((i) => byIndex.get(i)!) };
}

function qdrantFilter(filter: SearchFilter | undefined): Filter | undefined {
  if (!filter) return undefined;
  const must: Record<string, unknown>[] = [];
  const add = (key: string, values: readonly (string | number)[] | undefined) => {
    if (values) must.push({ key, match: { any: [...values] } });
  };
  add('documentId', filter.documentId);
  add('municipality', filter.municipality);
  add('committee', filter.committee);
  add('documentType', filter.documentType);
  add('year', filter.year);
  return must.length ? { must } : undefined;
}
