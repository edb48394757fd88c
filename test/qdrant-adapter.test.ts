// What the Qdrant adapter does when the server says no, or is older, or fails part-way through replacing a
// document: against the stand-in server, which checks each request against Qdrant's OpenAPI description.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Chunk } from '../src/model/chunk.ts';
import { QdrantStore } from '../src/store/vector/qdrant.ts';
import type { IndexedChunk, StoreQuery } from '../src/store/vector/store.ts';
import { hasQdrantSpec, QDRANT_SPEC } from './helpers/qdrant-openapi.ts';
import { chunk, embedder, indexed, query } from './helpers/vector-chunks.ts';
import { QdrantStandIn } from './helpers/qdrant-standin.ts';

const V1 = [
  chunk('vp', 1, 'Budgetramen för 2024 omfattar 663,5 mnkr och har tilldelats enligt nedan.'),
  chunk('vp', 2, 'Socialnämnden består av 17 ledamöter och 11 ersättare.'),
  chunk('vp', 3, 'Effektiviseringskravet på 3,4 mnkr har budgeterats ut på externa vård och behandlingskostnader.'),
];
const V2 = [chunk('vp', 1, 'Budgetramen för 2024 omfattar 670 mnkr.'), chunk('vp', 2, 'Socialnämnden består av 15 ledamöter och 9 ersättare.')];

if (!hasQdrantSpec) console.warn(`[skipped] Qdrant adapter tests: ${QDRANT_SPEC} not found`);

describe.skipIf(!hasQdrantSpec)('Qdrant adapter against a stand-in server', () => {
  let qdrant: QdrantStandIn;
  let url: string;
  let n = 0;
  const open = async () => {
    const store = new QdrantStore({ url, collection: `adapter-${++n}` });
    await store.init(embedder.id, embedder.dimensions);
    return store;
  };
  const sent = (op: string) => qdrant.requests.filter((r) => r.operationId === op);

  beforeAll(async () => {
    qdrant = new QdrantStandIn();
    url = await qdrant.start();
  });
  afterEach(() => {
    expect(qdrant.problems()).toEqual([]);
    expect(qdrant.responseProblems).toEqual([]);
    qdrant.fault = null;
    qdrant.version = '1.19.0';
    qdrant.requests.length = 0;
  });
  afterAll(async () => {
    await qdrant.stop();
  });

  it('keeps the embedder id in the collection metadata, where indexedWith reads it', async () => {
    const store = await open();
    expect(await store.indexedWith()).toBeNull();
    await store.upsert(await indexed(V1));
    expect(await store.indexedWith()).toBe(embedder.id);
    expect(qdrant.collections.get(`adapter-${n}`)!.metadata).toEqual({ embedder: embedder.id });
    // A second process finds it there and accepts the collection; another embedder is refused.
    await new QdrantStore({ url, collection: `adapter-${n}` }).init(embedder.id, embedder.dimensions);
    await expect(new QdrantStore({ url, collection: `adapter-${n}` }).init('other-embedder', embedder.dimensions)).rejects.toThrow(
      new RegExp(`built with ${embedder.id}, not other-embedder: run \`namndkoll reindex\``),
    );
  });

  it('keeps a collection an operator created with cluster settings, adding what it lacks; a rebuild makes it again with the same settings', async () => {
    const name = 'made-by-hand';
    const body = {
      vectors: { dense: { size: embedder.dimensions, distance: 'Cosine' } },
      sparse_vectors: { stems: { modifier: 'idf' }, grams: { modifier: 'idf' } },
      shard_number: 6,
      replication_factor: 2,
      write_consistency_factor: 2,
    };
    const res = await fetch(`${url}/collections/${name}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    const store = new QdrantStore({ url, collection: name });
    await store.init(embedder.id, embedder.dimensions);
    const made = qdrant.collections.get(name)!;
    expect(made.metadata).toEqual({ embedder: embedder.id });
    expect(Object.keys(made.indexes).sort()).toEqual(['committee', 'documentId', 'documentType', 'municipality', 'year']);
    await store.upsert(await indexed(V1));
    expect(sent('create_collection')).toHaveLength(1);

    await store.clear();
    await store.init(embedder.id, embedder.dimensions);
    expect(qdrant.collections.get(name)!.cluster).toEqual({ shard_number: 6, replication_factor: 2, write_consistency_factor: 2 });
    expect(await store.count()).toBe(0);
  });

  it('a query the server rejects fails with its reason, and is not retried in another form', async () => {
    const store = await open();
    await store.upsert(await indexed(V1));
    qdrant.requests.length = 0;
    qdrant.fault = (r) => (r.operationId === 'query_points' ? { status: 400, error: 'Wrong input: Vector dimension error: expected dim: 256, got 8' } : null);
    await expect(store.search(await query('budgetram'))).rejects.toThrow(/Qdrant query \(adapter-\d+\) failed with 400: Wrong input: Vector dimension error/);
    qdrant.fault = (r) => (r.operationId === 'query_points' ? { status: 503, error: 'Service unavailable' } : null);
    await expect(store.search(await query('budgetram'))).rejects.toThrow(/failed with 503/);
    expect(sent('query_points')).toHaveLength(2);
    expect(sent('query_points').every((r) => 'weights' in ((r.body as { query: { rrf: object } }).query.rrf))).toBe(true);
  });

  it('asks the server version once; a server without RRF weights gets unweighted RRF from the start, an older one is refused', async () => {
    qdrant.version = '1.16.3';
    const store = await open();
    await store.upsert(await indexed(V1));
    for (const q of ['budgetram', 'ledamöter', 'effektiviseringskrav']) expect((await store.search(await query(q))).length).toBeGreaterThan(0);
    expect(sent('root')).toHaveLength(1);
    expect(sent('query_points').map((r) => (r.body as { query: unknown }).query)).toEqual(Array(3).fill({ rrf: { k: 61 } }));

    qdrant.version = '1.15.4';
    await expect(new QdrantStore({ url, collection: 'too-old' }).init(embedder.id, embedder.dimensions)).rejects.toThrow(
      /Qdrant 1\.15\.4 keeps no collection metadata .*needs Qdrant 1\.16 or later/,
    );
    expect(qdrant.collections.has('too-old')).toBe(false);
  });

  it('replacing a document writes the new chunks before removing the old: a failure leaves it searchable', async () => {
    const store = await open();
    await store.replaceDocument('vp', await indexed(V1));
    expect(await store.count()).toBe(3);

    // The server fails the write: the old chunks are all still there.
    qdrant.fault = (r) => (r.operationId === 'upsert_points' ? { status: 500, error: 'Service internal error: disk full' } : null);
    await expect(store.replaceDocument('vp', await indexed(V2))).rejects.toThrow(/failed with 500/);
    expect(await store.count()).toBe(3);
    expect((await store.search(await query('hur många ledamöter')))[0]!.chunk.text).toBe(V1[1]!.text);

    // It fails removing the old chunks: the new ones are searchable, the stale one shows as a differing count.
    qdrant.fault = (r) => (r.operationId === 'delete_points' ? { status: 500, error: 'Service internal error' } : null);
    await expect(store.replaceDocument('vp', await indexed(V2))).rejects.toThrow(/delete earlier chunks .*failed with 500/);
    expect((await store.search(await query('hur många ledamöter')))[0]!.chunk.text).toBe(V2[1]!.text);
    expect((await store.documents()).map((d) => [d.documentId, d.chunks])).toEqual([['vp', 3]]);

    qdrant.fault = null;
    await store.replaceDocument('vp', await indexed(V2));
    expect((await store.documents()).map((d) => [d.documentId, d.chunks])).toEqual([['vp', 2]]);
    expect((await store.search(await query('budgetramen 2024')))[0]!.chunk.text).toBe(V2[0]!.text);
  });
});
