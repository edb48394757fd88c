// The Qdrant adapter on the wire: `namndkoll` run as a user runs it (ingest → search → remove → reindex →
// reindex --check) against a local server standing in for Qdrant, and every request it makes checked against
// Qdrant's published OpenAPI description: the path and method, the path and query parameters, the JSON body.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEmbedder } from '../src/embed/local.ts';
import { hasQdrantSpec, QDRANT_SPEC } from './helpers/qdrant-openapi.ts';
import { QdrantStandIn } from './helpers/qdrant-standin.ts';
import { fixture } from './helpers/store.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const COLLECTION = 'namndkoll-wire';
const ORE = 'orebro-vp2024-p2-3';
const ENK = 'enkoping-p1-3';

if (!hasQdrantSpec) console.warn(`[skipped] Qdrant wire test: ${QDRANT_SPEC} not found`);

describe.skipIf(!hasQdrantSpec)('Qdrant adapter on the wire, checked against the OpenAPI description', () => {
  let qdrant: QdrantStandIn;
  let url: string;
  let dataDir: string;

  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin/namndkoll.mjs'), ...args, '--data', dataDir], {
        cwd: ROOT,
        env: { ...process.env, QDRANT_URL: url, QDRANT_COLLECTION: COLLECTION, LOG_LEVEL: 'silent' },
      });
      return checked(args, { code: 0, stdout, stderr });
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return checked(args, { code: e.code, stdout: e.stdout, stderr: e.stderr });
    }
  };
  /** What the spec found wrong in the step's requests, before anything else about the step. */
  const checked = <T extends { code: number; stderr: string }>(args: string[], result: T): T => {
    expect(qdrant.problems(), `namndkoll ${args.join(' ')}`).toEqual([]);
    expect(result.code, `namndkoll ${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result;
  };

  beforeAll(async () => {
    qdrant = new QdrantStandIn();
    url = await qdrant.start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'namndkoll-qdrant-wire-'));
  });
  afterAll(async () => {
    await qdrant.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ingest → search → remove → reindex → reindex --check: every request is in the spec, with valid parameters and body', async () => {
    const ingest = await cli('ingest', fixture(`${ORE}.pdf`), fixture(`${ENK}.pdf`));
    expect(ingest.stderr).toMatch(/2 added/);
    const collection = qdrant.collections.get(COLLECTION)!;
    // The embedder id is where Qdrant keeps it, the collection's metadata.
    expect(collection.metadata).toEqual({ embedder: new LocalEmbedder().id });
    const chunksOf = (id: string) => [...collection.points.values()].filter((p) => p.payload.documentId === id).length;
    expect(chunksOf(ORE)).toBeGreaterThan(0);
    expect(chunksOf(ENK)).toBeGreaterThan(0);

    const search = await cli('search', 'Enköpings kommuns styrmodell vision');
    expect(search.stdout).toMatch(new RegExp(`\\[${ENK}, s\\. 1`));
    const scoped = await cli('search', 'verksamhetens styrkor', '--doc', ORE, '--json');
    const hits = JSON.parse(scoped.stdout) as { document: string; section: string }[];
    expect(hits[0]!.section).toMatch(/Verksamhetens styrkor/);
    expect(new Set(hits.map((h) => h.document))).toEqual(new Set([ORE]));

    await cli('remove', ORE);
    expect(chunksOf(ORE)).toBe(0);
    const enkChunks = chunksOf(ENK);

    const reindex = await cli('reindex');
    expect(reindex.stderr).toMatch(/reindexed 1 document,/);
    expect(qdrant.collections.get(COLLECTION)!.points.size).toBe(enkChunks);

    const check = await cli('reindex', '--check');
    expect(check.stdout).toMatch(/1 agree, 0 missing, 0 with other chunk counts, 0 orphaned in the index; nothing to repair/);

    const byOperation = new Map<string, number>();
    for (const r of qdrant.requests) byOperation.set(r.operationId ?? `${r.method} ${r.path}`, (byOperation.get(r.operationId ?? `${r.method} ${r.path}`) ?? 0) + 1);
    console.info(
      `Qdrant wire: ${qdrant.requests.length} requests checked against ${path.basename(QDRANT_SPEC)}: ` +
        [...byOperation].sort((a, b) => b[1] - a[1]).map(([op, n]) => `${op} ${n}`).join(', '),
    );
    expect(qdrant.problems()).toEqual([]);
    expect(qdrant.responseProblems).toEqual([]);
    expect(qdrant.requests.filter((r) => r.status !== 200).map((r) => `${r.method} ${r.path} → ${r.status}`)).toEqual([]);
    for (const op of [
      'root',
      'collection_exists',
      'create_collection',
      'update_collection',
      'create_field_index',
      'get_collection',
      'upsert_points',
      'delete_points',
      'query_points',
      'count_points',
      'facet',
      'scroll_points',
      'delete_collection',
    ]) {
      expect(byOperation.get(op), op).toBeGreaterThan(0);
    }
  });

  it('the check fails a request whose field name is wrong', () => {
    // The recorded requests, each with one field renamed as a slip of the pen would.
    const recorded = (op: string) => qdrant.requests.find((r) => r.operationId === op)!;
    const renamed = (body: unknown, from: string, to: string) => JSON.parse(JSON.stringify(body).replace(`"${from}":`, `"${to}":`)) as unknown;
    const problems = (op: string, from: string, to: string) => {
      const r = recorded(op);
      return qdrant.spec.checkRequest(r.method, r.path, new URLSearchParams(r.query), renamed(r.body, from, to)).problems;
    };
    expect(problems('query_points', 'with_payload', 'with_payloads')).toContainEqual(expect.stringMatching(/must NOT have additional properties 'with_payloads'/));
    expect(problems('query_points', 'using', 'vector_name').join('\n')).toMatch(/additional properties 'vector_name'/);
    expect(problems('create_field_index', 'field_schema', 'schema').join('\n')).toMatch(/additional properties 'schema'/);
    expect(problems('update_collection', 'metadata', 'meta').join('\n')).toMatch(/additional properties 'meta'/);
    expect(problems('upsert_points', 'indices', 'index').join('\n')).toMatch(/required property 'indices'/);
    expect(problems('facet', 'key', 'field').join('\n')).toMatch(/required property 'key'/);
    const query = recorded('upsert_points');
    expect(qdrant.spec.checkRequest(query.method, query.path, new URLSearchParams({ ...query.query, wait: 'yes' }), query.body).problems.join('\n')).toMatch(
      /query parameter wait=yes: data must be boolean/,
    );
    expect(qdrant.spec.checkRequest('POST', `/collections/${COLLECTION}/points/serch`, new URLSearchParams(), {}).problems.join('\n')).toMatch(/no such operation/);
  });

  it("the README's Qdrant cluster requests are valid by the spec", () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const create = /curl -X PUT "\$QDRANT_URL\/collections\/namndkoll" -H 'content-type: application\/json' -d '([^']+)'/.exec(readme);
    expect(create).not.toBeNull();
    expect(qdrant.spec.checkRequest('PUT', '/collections/namndkoll', new URLSearchParams(), JSON.parse(create![1]!)).problems).toEqual([]);
    const tenant = /`PUT \/collections\/namndkoll\/index` with\s+`([^`]+)`/.exec(readme);
    expect(tenant).not.toBeNull();
    expect(qdrant.spec.checkRequest('PUT', '/collections/namndkoll/index', new URLSearchParams(), JSON.parse(tenant![1]!)).problems).toEqual([]);
  });
});
