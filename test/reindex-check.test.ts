// `namndkoll reindex --check` as a user runs it: a store and a Qdrant collection (the stand-in server) that
// disagree, on documents, chunk counts and embedder, and the command finding and repairing each difference.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEmbedder } from '../src/embed/local.ts';
import { pointId } from '../src/store/vector/qdrant.ts';
import { hasQdrantSpec, QDRANT_SPEC } from './helpers/qdrant-openapi.ts';
import { QdrantStandIn } from './helpers/qdrant-standin.ts';
import { fixture } from './helpers/store.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const COLLECTION = 'namndkoll-check';
const DOCS = ['enkoping-p1-3', 'enkoping-p4-5', 'orebro-vp2024-p2-3'] as const;

if (!hasQdrantSpec) console.warn(`[skipped] reindex --check test: ${QDRANT_SPEC} not found`);

describe.skipIf(!hasQdrantSpec)('namndkoll reindex --check against a collection that disagrees with the store', () => {
  let qdrant: QdrantStandIn;
  let url: string;
  let dataDir: string;
  let stored: Map<string, number>;

  const cli = async (...args: string[]) => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin/namndkoll.mjs'), ...args, '--data', dataDir], {
      cwd: ROOT,
      env: { ...process.env, QDRANT_URL: url, QDRANT_COLLECTION: COLLECTION, LOG_LEVEL: 'silent' },
    });
    return { stdout, stderr };
  };
  const points = () => [...qdrant.collections.get(COLLECTION)!.points.values()];
  const chunksPerDocument = () => {
    const counts = new Map<string, number>();
    for (const p of points()) counts.set(String(p.payload.documentId), (counts.get(String(p.payload.documentId)) ?? 0) + 1);
    return counts;
  };

  beforeAll(async () => {
    qdrant = new QdrantStandIn();
    url = await qdrant.start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'namndkoll-reindex-check-'));
    await cli('ingest', ...DOCS.map((d) => fixture(`${d}.pdf`)));
    stored = chunksPerDocument();
    expect([...stored.keys()].sort()).toEqual([...DOCS]);
  });
  afterAll(async () => {
    await qdrant.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds a missing document, a short one and an orphan, repairs them, and then finds nothing', async () => {
    const collection = qdrant.collections.get(COLLECTION)!;
    const [enk1, enk2, ore] = DOCS;
    // As an ingest that failed half-way, a removal whose Qdrant call failed, and a document indexed elsewhere.
    for (const p of points()) if (p.payload.documentId === enk2) collection.points.delete(String(p.id));
    const shortOne = points().find((p) => p.payload.documentId === ore)!;
    collection.points.delete(String(shortOne.id));
    const template = points().find((p) => p.payload.documentId === enk1)!;
    for (const n of [1, 2]) {
      const id = `ghost:s${n}:0`;
      collection.points.set(pointId(id), { ...template, id: pointId(id), payload: { ...template.payload, id, documentId: 'ghost' } });
    }

    const { stdout } = await cli('reindex', '--check');
    console.info(stdout);
    expect(stdout).toContain(`${enk2}: not in the index (${stored.get(enk2)} chunks): indexing`);
    expect(stdout).toContain(`${ore}: ${stored.get(ore)! - 1} chunks in the index, ${stored.get(ore)} stored: indexing again`);
    expect(stdout).toContain('ghost: 2 chunks in the index of a document that is not stored: removing');
    expect(stdout).toMatch(/checked 3 stored documents: 1 agree, 1 missing, 1 with other chunk counts, 1 orphaned in the index; repaired 3/);
    expect(chunksPerDocument()).toEqual(stored);

    const again = await cli('reindex', '--check');
    expect(again.stdout).toMatch(/checked 3 stored documents: 3 agree, 0 missing, 0 with other chunk counts, 0 orphaned in the index; nothing to repair/);
    expect(qdrant.problems()).toEqual([]);
  });

  it('a re-ingest that Qdrant fails leaves the document searchable, as it was', async () => {
    const [enk1] = DOCS;
    const before = points().filter((p) => p.payload.documentId === enk1).map((p) => p.id);
    qdrant.fault = (r) => (r.operationId === 'upsert_points' ? { status: 500, error: 'Service internal error: No space left on device' } : null);
    const failed = await cli('ingest', '--force', fixture(`${enk1}.pdf`)).catch((err: { code: number; stderr: string }) => err);
    qdrant.fault = null;
    expect('code' in failed && failed.code).toBe(1);
    expect(failed.stderr).toMatch(/cannot be ingested: Qdrant upsert \(namndkoll-check\) failed with 500: Service internal error: No space left on device/);
    expect(points().filter((p) => p.payload.documentId === enk1).map((p) => p.id)).toEqual(before);
    const { stdout } = await cli('search', 'Enköpings kommuns styrmodell vision', '--doc', enk1);
    expect(stdout).toMatch(new RegExp(`\\[${enk1}, s\\. 1`));
    expect((await cli('reindex', '--check')).stdout).toMatch(/3 agree, .*nothing to repair/);
  });

  it('rebuilds the index when the collection was built with another embedder', async () => {
    const collection = qdrant.collections.get(COLLECTION)!;
    collection.metadata = { embedder: 'openai:text-embedding-3-small' };
    const { stdout } = await cli('reindex', '--check');
    expect(stdout).toContain(`embedder: the index was built with openai:text-embedding-3-small, not ${new LocalEmbedder().id}: rebuilding`);
    expect(stdout).toMatch(/checked 3 stored documents: rebuilt the index \(qdrant store/);
    expect(qdrant.collections.get(COLLECTION)!.metadata).toEqual({ embedder: new LocalEmbedder().id });
    expect(chunksPerDocument()).toEqual(stored);
    expect(qdrant.problems()).toEqual([]);
  });
});

describe('namndkoll reindex --check on the embedded index', () => {
  it('finds a store and its index in agreement', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'namndkoll-reindex-check-embedded-'));
    try {
      const run = (...args: string[]) =>
        promisify(execFile)(process.execPath, [path.join(ROOT, 'bin/namndkoll.mjs'), ...args, '--data', dataDir], {
          cwd: ROOT,
          env: { ...process.env, QDRANT_URL: '', LOG_LEVEL: 'silent' },
        });
      await run('ingest', fixture('enkoping-p1-3.pdf'), fixture('orebro-vp2024-p2-3.pdf'));
      const { stdout } = await run('reindex', '--check');
      expect(stdout).toMatch(/checked 2 stored documents: 2 agree, 0 missing, 0 with other chunk counts, 0 orphaned in the index; nothing to repair \(embedded store/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
