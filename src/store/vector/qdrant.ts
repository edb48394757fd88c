import { createHash, randomUUID } from 'node:crypto';
import { QdrantClient } from '@qdrant/js-client-rest';
import { logger } from '../../log/logger.ts';
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
/** Collection metadata (which keeps the embedder id) came with Qdrant 1.16; per-prefetch RRF weights with 1.17. */
const NEEDS = [1, 16] as const;
const WEIGHTED_RRF = [1, 17] as const;
/** Payload field naming the write that stored a point; a replaced document's older points are those without it. */
const REVISION = 'indexRevision';

const PARALLEL_READS = 16;
const DOCUMENT_FIELDS = ['title', 'municipality', 'committee', 'documentType', 'year'] as const;
const DocumentFields = Chunk.pick({ title: true, municipality: true, committee: true, documentType: true, year: true });

const PAYLOAD_INDEXES = [
  ['documentId', 'keyword'],
  ['municipality', 'keyword'],
  ['committee', 'keyword'],
  ['documentType', 'keyword'],
  ['year', 'integer'],
] as const;

interface ClusterParams {
  shard_number?: number;
  replication_factor?: number;
  write_consistency_factor?: number;
}

type Filter = { must: Record<string, unknown>[]; must_not?: Record<string, unknown>[] };
type Version = readonly [number, number];

/**
 * Qdrant: one collection with a named dense vector and two sparse vectors (stems, OCR-folded n-grams, IDF
 * modifier), payload indexes for the filters, and hybrid search as prefetch + reciprocal-rank fusion on the server.
 * The embedder id is kept in the collection's metadata.
 */
export class QdrantStore implements VectorStore {
  readonly kind = 'qdrant';
  private readonly client: QdrantClient;
  private readonly collection: string;
  private server: Promise<{ version: string; weightedRrf: boolean }> | null = null;
  /** Shard and replica settings of a collection this store dropped, for the one it makes next. */
  private cluster: ClusterParams | null = null;

  constructor(options: QdrantOptions) {
    this.client = new QdrantClient({ url: options.url, apiKey: options.apiKey, checkCompatibility: false });
    this.collection = options.collection;
  }

  /**
   * Keeps a collection built for this embedder (also one an operator created with cluster settings of their own,
   * adding the payload indexes it lacks); an empty one for other vectors is made again with the same shard and
   * replica settings.
   */
  async init(embedderId: string, dimensions: number): Promise<void> {
    await this.capabilities();
    if (await this.exists()) {
      const info = await this.call('read collection', () => this.client.getCollection(this.collection));
      const vectors = info.config.params.vectors as Record<string, { size: number }> | undefined;
      const size = vectors?.dense?.size;
      const embedder = embedderOf(info.config.metadata);
      const points = await this.count();
      if (size === dimensions && (embedder === embedderId || (embedder === null && points === 0))) {
        await this.ensurePayloadIndexes(info.payload_schema);
        // A collection created by hand, or by a run stopped before its metadata was written.
        if (embedder === null) await this.setEmbedder(embedderId);
        return;
      }
      if (points > 0) {
        throw new Error(
          `Qdrant collection ${this.collection} was built with ${embedder ?? `an unrecorded embedder (${size} dimensions)`}, not ${embedderId}: run \`namndkoll reindex\``,
        );
      }
      this.cluster ??= clusterParams(info.config.params);
      await this.call('delete collection', () => this.client.deleteCollection(this.collection));
    }
    await this.call('create collection', () =>
      this.client.createCollection(this.collection, {
        vectors: { dense: { size: dimensions, distance: 'Cosine' } },
        sparse_vectors: { stems: { modifier: 'idf' }, grams: { modifier: 'idf' } },
        ...this.cluster,
      }),
    );
    await this.ensurePayloadIndexes({});
    await this.setEmbedder(embedderId);
  }

  private async ensurePayloadIndexes(existing: Record<string, unknown>): Promise<void> {
    for (const [field, schema] of PAYLOAD_INDEXES) {
      if (field in existing) continue;
      await this.call(`index ${field}`, () => this.client.createPayloadIndex(this.collection, { field_name: field, field_schema: schema, wait: true }));
    }
  }

  async indexedWith(): Promise<string | null> {
    if (!(await this.exists()) || (await this.count()) === 0) return null;
    const info = await this.call('read collection', () => this.client.getCollection(this.collection));
    return embedderOf(info.config.metadata);
  }

  async upsert(items: readonly IndexedChunk[]): Promise<void> {
    await this.write(items, null);
  }

  /**
   * Writes the document's new points before removing its old ones (those of an earlier revision), so that a
   * failure part-way leaves the document searchable; `namndkoll reindex --check` then finds and repairs it.
   */
  async replaceDocument(documentId: string, items: readonly IndexedChunk[]): Promise<void> {
    const revision = randomUUID();
    await this.write(items, revision);
    await this.call('delete earlier chunks', () =>
      this.client.delete(this.collection, {
        wait: true,
        filter: { must: [documentMatch(documentId)], must_not: [{ key: REVISION, match: { value: revision } }] },
      }),
    );
  }

  async deleteDocument(documentId: string): Promise<void> {
    if (!(await this.exists())) return;
    await this.call('delete document', () => this.client.delete(this.collection, { wait: true, filter: { must: [documentMatch(documentId)] } }));
  }

  /** Drops the collection (faster than deleting every point); the next `init` makes it again with its shard and replica settings. */
  async clear(): Promise<void> {
    if (!(await this.exists())) return;
    const info = await this.call('read collection', () => this.client.getCollection(this.collection));
    this.cluster = clusterParams(info.config.params);
    await this.call('delete collection', () => this.client.deleteCollection(this.collection));
  }

  async search(q: StoreQuery): Promise<ScoredChunk[]> {
    // A filter that allows no value matches nothing (Qdrant would read an empty `any` otherwise).
    if (Object.values(q.filter ?? {}).some((v) => Array.isArray(v) && v.length === 0)) return [];
    const filter = qdrantFilter(q.filter);
    const n = Math.max(CANDIDATES, q.limit * 4);
    const w = q.weights ?? RRF_WEIGHTS;
    const prefetch: { query: number[] | { indices: number[]; values: number[] }; using: string; limit: number; filter?: Filter }[] = [];
    const weights: number[] = [];
    if (q.vector.length) prefetch.push({ query: Array.from(q.vector), using: 'dense', limit: n, filter }) && weights.push(w.dense);
    if (q.stems.length) prefetch.push({ query: sparse(q.stems, false), using: 'stems', limit: n, filter }) && weights.push(w.stems);
    if (q.grams.length) prefetch.push({ query: sparse(q.grams, false), using: 'grams', limit: n, filter }) && weights.push(w.grams);
    if (!prefetch.length) return [];
    // Qdrant counts ranks from 0 (1 / (k + rank)), the embedded store from 1: k + 1 gives the same unweighted
    // fusion. Qdrant's weights scale the rank, not the term (1 / (k + (rank + 1) / w - 1)), so with weights
    // other than 1 the two stores order near-ties differently.
    const rrf = (await this.capabilities()).weightedRrf ? { k: RRF_K + 1, weights } : { k: RRF_K + 1 };
    const res = await this.call('query', () => this.client.query(this.collection, { prefetch, query: { rrf }, filter, limit: q.limit, with_payload: true }));
    return res.points
      .map((p) => ({ chunk: Chunk.parse(p.payload), score: p.score }))
      .sort((a, b) => b.score - a.score || (a.chunk.id < b.chunk.id ? -1 : a.chunk.id > b.chunk.id ? 1 : 0));
  }

  async count(): Promise<number> {
    if (!(await this.exists())) return 0;
    return (await this.call('count', () => this.client.count(this.collection, { exact: true }))).count;
  }

  async documents(): Promise<StoredDocument[]> {
    if (!(await this.exists())) return [];
    const facet = await this.call('facet documents', () => this.client.facet(this.collection, { key: 'documentId', limit: 1_000_000, exact: true }));
    // One chunk's document fields per document, a few requests at a time.
    const out: StoredDocument[] = [];
    for (let i = 0; i < facet.hits.length; i += PARALLEL_READS) {
      const batch = facet.hits.slice(i, i + PARALLEL_READS).map(async (hit) => {
        const id = String(hit.value);
        const { points } = await this.call('read document', () =>
          this.client.scroll(this.collection, { filter: { must: [documentMatch(id)] }, limit: 1, with_payload: { include: [...DOCUMENT_FIELDS] } }),
        );
        return { documentId: id, ...DocumentFields.parse(points[0]!.payload), chunks: hit.count };
      });
      out.push(...(await Promise.all(batch)));
    }
    return out.sort((a, b) => (a.documentId < b.documentId ? -1 : 1));
  }

  async close(): Promise<void> {}

  private async write(items: readonly IndexedChunk[], revision: string | null): Promise<void> {
    for (let i = 0; i < items.length; i += UPSERT_BATCH) {
      const points = items.slice(i, i + UPSERT_BATCH).map(({ chunk, vector, stems, grams }) => ({
        id: pointId(chunk.id),
        vector: { dense: Array.from(vector), stems: sparse(stems), grams: sparse(grams) },
        payload: (revision ? { ...chunk, [REVISION]: revision } : chunk) as Record<string, unknown>,
      }));
      await this.call('upsert', () => this.client.upsert(this.collection, { wait: true, points }));
    }
  }

  private async setEmbedder(embedderId: string): Promise<void> {
    // The client's createCollection passes only the fields it knows and drops `metadata`; updateCollection passes
    // it on (PATCH /collections/{name}, merged into what is there).
    await this.call('write collection metadata', () => this.client.updateCollection(this.collection, { metadata: { embedder: embedderId } }));
  }

  private async exists(): Promise<boolean> {
    return (await this.call('check collection', () => this.client.collectionExists(this.collection))).exists;
  }

  /** What the server can do, asked once: its version decides the query form; nothing is retried in another. */
  private capabilities(): Promise<{ version: string; weightedRrf: boolean }> {
    this.server ??= (async () => {
      const { version } = await this.call('read server version', () => this.client.versionInfo());
      const v = parseVersion(version);
      if (v && atLeast(v, NEEDS) === false) {
        throw new Error(`Qdrant ${version} keeps no collection metadata (where the embedder id is kept): Nämndkoll needs Qdrant ${NEEDS.join('.')} or later`);
      }
      const weightedRrf = !v || atLeast(v, WEIGHTED_RRF);
      if (!weightedRrf) logger.warn({ qdrant: version }, `Qdrant ${version} has no RRF weights (${WEIGHTED_RRF.join('.')}): hybrid search fuses its rankings unweighted`);
      return { version, weightedRrf };
    })();
    this.server.catch(() => (this.server = null));
    return this.server;
  }

  /** Runs a client call; a failure names the operation, the collection and Qdrant's own error text. */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const e = err as { status?: number; data?: { status?: { error?: string } }; message?: string };
      const detail = e.data?.status?.error ?? e.message ?? String(err);
      throw Object.assign(new Error(`Qdrant ${what} (${this.collection}) failed${e.status ? ` with ${e.status}` : ''}: ${detail}`, { cause: err }), { status: e.status });
    }
  }
}

function clusterParams(params: ClusterParams): ClusterParams {
  const { shard_number, replication_factor, write_consistency_factor } = params;
  return { shard_number, replication_factor, write_consistency_factor };
}

function embedderOf(metadata: unknown): string | null {
  const embedder = (metadata as Record<string, unknown> | null | undefined)?.embedder;
  return typeof embedder === 'string' ? embedder : null;
}

function parseVersion(version: string): Version | null {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function atLeast(v: Version, min: Version): boolean {
  return v[0] > min[0] || (v[0] === min[0] && v[1] >= min[1]);
}

function documentMatch(documentId: string) {
  return { key: 'documentId', match: { value: documentId } };
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
