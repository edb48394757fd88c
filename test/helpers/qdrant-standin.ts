// A local HTTP server that stands in for Qdrant: the REST operations the adapter uses, answered as Qdrant's
// OpenAPI description says (every response is checked against it too), with in-memory collections. Every request is
// recorded with what the spec finds wrong in it; a request the spec rejects gets a 400 as from Qdrant.
// Ranking follows Qdrant's documented semantics: cosine for dense vectors, dot product with IDF
// (ln(1 + (N - n + 0.5) / (n + 0.5))) for sparse vectors with `modifier: idf`, and weighted RRF
// score = Σ 1 / (k + (rank + 1) / weight - 1), rank from 0, k = 2 unless given.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QdrantSpec, type SpecOperation } from './qdrant-openapi.ts';

type Json = Record<string, unknown>;
type Sparse = { indices: number[]; values: number[] };
type Vectors = Record<string, number[] | Sparse>;

interface Point {
  id: string | number;
  vector: Vectors;
  payload: Json;
  version: number;
}

interface Collection {
  vectors: Record<string, { size: number; distance: string }>;
  sparse: Record<string, { modifier?: string }>;
  metadata: Json;
  /** shard_number, replication_factor, write_consistency_factor as created. */
  cluster: Record<string, number>;
  indexes: Record<string, string>;
  points: Map<string, Point>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  operationId: string | null;
  problems: string[];
  status: number;
}

/** A fault to answer instead of the real operation (Qdrant's error body, given status). */
export type Fault = (req: RecordedRequest) => { status: number; error: string } | null;

class QdrantError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class QdrantStandIn {
  readonly requests: RecordedRequest[] = [];
  /** Problems in the stand-in's own responses by the spec (should stay empty). */
  readonly responseProblems: string[] = [];
  readonly collections = new Map<string, Collection>();
  fault: Fault | null = null;
  version = '1.19.0';
  private server: Server | null = null;
  private opCounter = 0;

  constructor(readonly spec = new QdrantSpec()) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Every problem the spec found in the requests so far. */
  problems(): string[] {
    return this.requests.flatMap((r) => r.problems);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      operationId: null,
      problems: [],
      status: 0,
    };
    this.requests.push(record);
    const send = (status: number, result: unknown, operation: SpecOperation | null, error?: string) => {
      const time = Number(process.hrtime.bigint() - started) / 1e9;
      const body = error !== undefined ? { status: { error }, time } : operation?.operationId === 'root' ? result : { result, status: 'ok', time };
      if (operation) this.responseProblems.push(...this.spec.checkResponse(operation, status, body));
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return send(400, null, null, 'Format error in JSON body: not JSON');
    }
    record.body = body;
    const { operation, problems } = this.spec.checkRequest(record.method, record.path, url.searchParams, body);
    record.operationId = operation?.operationId ?? null;
    record.problems = problems;
    if (!operation) return send(404, null, null, `Not found: ${record.method} ${record.path}`);
    if (problems.length) return send(400, null, operation, `Format error in JSON body: ${problems.join('; ')}`);
    const fault = this.fault?.(record);
    if (fault) return send(fault.status, null, operation, fault.error);
    try {
      send(200, this.operate(operation, (body ?? {}) as Json), operation);
    } catch (err) {
      if (err instanceof QdrantError) send(err.status, null, operation, err.message);
      else send(500, null, operation, `Service internal error: ${(err as Error).message}`);
    }
  }

  private collection(name: string): Collection {
    const c = this.collections.get(name);
    if (!c) throw new QdrantError(404, `Not found: Collection \`${name}\` doesn't exist!`);
    return c;
  }

  private updated(): Json {
    return { operation_id: this.opCounter++, status: 'completed' };
  }

  private operate(op: SpecOperation, body: Json): unknown {
    const name = op.pathParams.collection_name ?? '';
    switch (op.operationId) {
      case 'root':
        return { title: 'qdrant - vector search engine', version: this.version };
      case 'collection_exists':
        return { exists: this.collections.has(name) };
      case 'create_collection': {
        if (this.collections.has(name)) throw new QdrantError(409, `Wrong input: Collection \`${name}\` already exists!`);
        const vectors = (body.vectors ?? {}) as Collection['vectors'];
        if ('size' in vectors) throw new QdrantError(501, 'the stand-in keeps named vectors only');
        this.collections.set(name, {
          vectors,
          sparse: (body.sparse_vectors ?? {}) as Collection['sparse'],
          metadata: (body.metadata ?? {}) as Json,
          cluster: Object.fromEntries(
            (['shard_number', 'replication_factor', 'write_consistency_factor'] as const).map((k) => [k, typeof body[k] === 'number' ? body[k] : 1]),
          ),
          indexes: {},
          points: new Map(),
        });
        return true;
      }
      case 'update_collection': {
        const c = this.collection(name);
        // "If provided, this will merge with existing metadata."
        if (body.metadata) c.metadata = { ...c.metadata, ...(body.metadata as Json) };
        return true;
      }
      case 'delete_collection':
        return this.collections.delete(name);
      case 'get_collection': {
        const c = this.collection(name);
        return {
          status: 'green',
          optimizer_status: 'ok',
          segments_count: 1,
          points_count: c.points.size,
          indexed_vectors_count: 0,
          config: {
            params: { vectors: c.vectors, sparse_vectors: c.sparse, ...c.cluster, on_disk_payload: true },
            hnsw_config: { m: 16, ef_construct: 100, full_scan_threshold: 10000 },
            optimizer_config: { default_segment_number: 0, flush_interval_sec: 5 },
            ...(Object.keys(c.metadata).length ? { metadata: c.metadata } : {}),
          },
          payload_schema: Object.fromEntries(Object.entries(c.indexes).map(([k, t]) => [k, { data_type: t, points: c.points.size }])),
        };
      }
      case 'create_field_index': {
        const c = this.collection(name);
        c.indexes[String(body.field_name)] = String(body.field_schema);
        return this.updated();
      }
      case 'upsert_points': {
        const c = this.collection(name);
        if (!Array.isArray(body.points)) throw new QdrantError(501, 'the stand-in takes a list of points');
        const points = (body.points as Json[]).map((p) => this.checkPoint(c, p));
        for (const p of points) c.points.set(String(p.id), p);
        return this.updated();
      }
      case 'delete_points': {
        const c = this.collection(name);
        if (Array.isArray(body.points)) for (const id of body.points as (string | number)[]) c.points.delete(String(id));
        else for (const [id, p] of c.points) if (matches(p, body.filter as Json)) c.points.delete(id);
        return this.updated();
      }
      case 'count_points': {
        const c = this.collection(name);
        return { count: [...c.points.values()].filter((p) => matches(p, body.filter as Json | undefined)).length };
      }
      case 'facet': {
        const c = this.collection(name);
        const key = String(body.key);
        if (!c.indexes[key]) throw new QdrantError(400, `Bad request: Index required but not found for "${key}" of one of the following types: [keyword, integer, bool]. Help: Create an index for this key or use a different key.`);
        const counts = new Map<string | number, number>();
        for (const p of c.points.values()) {
          if (!matches(p, body.filter as Json | undefined)) continue;
          for (const v of values(p.payload[key])) counts.set(v as string | number, (counts.get(v as string | number) ?? 0) + 1);
        }
        const hits = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
        return { hits: hits.slice(0, Number(body.limit ?? 10)) };
      }
      case 'scroll_points': {
        const c = this.collection(name);
        const all = [...c.points.values()].filter((p) => matches(p, body.filter as Json | undefined)).sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
        const from = body.offset === undefined || body.offset === null ? 0 : all.findIndex((p) => String(p.id) === String(body.offset));
        const limit = Number(body.limit ?? 10);
        const page = all.slice(Math.max(0, from), Math.max(0, from) + limit);
        const next = all[Math.max(0, from) + limit];
        return {
          points: page.map((p) => ({ id: p.id, ...selectPayload(p, body.with_payload ?? true) })),
          next_page_offset: next ? next.id : null,
        };
      }
      case 'query_points':
        return { points: this.query(this.collection(name), body) };
      default:
        throw new QdrantError(501, `the stand-in does not implement ${op.operationId}`);
    }
  }

  private checkPoint(c: Collection, p: Json): Point {
    const vector = (p.vector ?? {}) as Vectors;
    for (const [name, v] of Object.entries(vector)) {
      if (Array.isArray(v)) {
        const size = c.vectors[name]?.size;
        if (size === undefined) throw new QdrantError(400, `Wrong input: Not existing vector name error: ${name}`);
        if (v.length !== size) throw new QdrantError(400, `Wrong input: Vector dimension error: expected dim: ${size}, got ${v.length}`);
      } else {
        if (!c.sparse[name]) throw new QdrantError(400, `Wrong input: Not existing vector name error: ${name}`);
        if (v.indices.length !== v.values.length || new Set(v.indices).size !== v.indices.length) throw new QdrantError(400, 'Wrong input: sparse indices must be unique and match values');
      }
    }
    return { id: p.id as string | number, vector, payload: (p.payload ?? {}) as Json, version: this.opCounter };
  }

  private query(c: Collection, body: Json): Json[] {
    const prefetch = (body.prefetch ?? []) as Json[];
    const query = body.query as Json;
    const limit = Number(body.limit ?? 10);
    const out = (scored: { p: Point; score: number }[]) =>
      scored.slice(0, limit).map(({ p, score }) => ({ id: p.id, version: p.version, score, ...selectPayload(p, body.with_payload ?? false) }));
    if (!prefetch.length) throw new QdrantError(501, 'the stand-in fuses prefetches only');
    const rankings = prefetch.map((pf) => this.rank(c, pf, body.filter as Json | undefined));
    let k = 2;
    let weights = rankings.map(() => 1);
    if (query && 'rrf' in query) {
      const rrf = query.rrf as { k?: number | null; weights?: number[] | null };
      if (rrf.k) k = rrf.k;
      if (rrf.weights) {
        if (rrf.weights.length !== rankings.length) throw new QdrantError(400, 'Bad request: number of weights must match the number of prefetches');
        weights = rrf.weights;
      }
    } else if (!(query && query.fusion === 'rrf')) {
      throw new QdrantError(501, 'the stand-in fuses by RRF only');
    }
    const fused = new Map<string, { p: Point; score: number }>();
    rankings.forEach((ranking, r) =>
      ranking.forEach(({ p }, rank) => {
        const e = fused.get(String(p.id)) ?? { p, score: 0 };
        e.score += 1 / (k + (rank + 1) / weights[r]! - 1);
        fused.set(String(p.id), e);
      }),
    );
    return out([...fused.values()].sort(byScore));
  }

  private rank(c: Collection, pf: Json, outer: Json | undefined): { p: Point; score: number }[] {
    const using = String(pf.using);
    const q = pf.query as number[] | Sparse;
    const candidates = [...c.points.values()].filter((p) => p.vector[using] && matches(p, pf.filter as Json | undefined) && matches(p, outer));
    let scored: { p: Point; score: number }[];
    if (Array.isArray(q)) {
      const size = c.vectors[using]?.size;
      if (size === undefined) throw new QdrantError(400, `Wrong input: Not existing vector name error: ${using}`);
      if (q.length !== size) throw new QdrantError(400, `Wrong input: Vector dimension error: expected dim: ${size}, got ${q.length}`);
      scored = candidates.map((p) => ({ p, score: cosine(q, p.vector[using] as number[]) }));
    } else {
      if (!c.sparse[using]) throw new QdrantError(400, `Wrong input: Not existing vector name error: ${using}`);
      const idf = c.sparse[using]!.modifier === 'idf' ? this.idf(c, using, q.indices) : null;
      scored = candidates
        .map((p) => {
          const v = p.vector[using] as Sparse;
          let s = 0;
          let hit = false;
          q.indices.forEach((i, n) => {
            const at = v.indices.indexOf(i);
            if (at >= 0) {
              hit = true;
              s += q.values[n]! * v.values[at]! * (idf?.get(i) ?? 1);
            }
          });
          return hit ? { p, score: s } : null;
        })
        .filter((x): x is { p: Point; score: number } => x !== null);
    }
    return scored.sort(byScore).slice(0, Number(pf.limit ?? 10));
  }

  private idf(c: Collection, using: string, indices: number[]): Map<number, number> {
    const withVector = [...c.points.values()].filter((p) => p.vector[using]);
    const n = withVector.length;
    return new Map(
      indices.map((i) => {
        const df = withVector.filter((p) => (p.vector[using] as Sparse).indices.includes(i)).length;
        return [i, Math.log(1 + (n - df + 0.5) / (df + 0.5))];
      }),
    );
  }
}

function byScore(a: { p: Point; score: number }, b: { p: Point; score: number }): number {
  return b.score - a.score || (String(a.p.id) < String(b.p.id) ? -1 : 1);
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** `with_payload`: true, false, a list of fields, or `{ include }` / `{ exclude }`. */
function selectPayload(p: Point, selector: unknown): { payload?: Json } {
  if (selector === true) return { payload: p.payload };
  if (!selector) return {};
  const pick = (keys: string[], keep: boolean) => Object.fromEntries(Object.entries(p.payload).filter(([k]) => keys.includes(k) === keep));
  if (Array.isArray(selector)) return { payload: pick(selector as string[], true) };
  const s = selector as { include?: string[]; exclude?: string[] };
  if (s.include) return { payload: pick(s.include, true) };
  if (s.exclude) return { payload: pick(s.exclude, false) };
  throw new QdrantError(501, `the stand-in does not select payload by ${JSON.stringify(selector)}`);
}

function values(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

/** Qdrant's filter: `must`, `should`, `must_not` of field conditions with `match` (value, any, except). */
function matches(p: Point, filter: Json | undefined | null): boolean {
  if (!filter) return true;
  const list = (x: unknown) => (x === undefined || x === null ? [] : Array.isArray(x) ? (x as Json[]) : [x as Json]);
  const cond = (c: Json): boolean => {
    if ('must' in c || 'should' in c || 'must_not' in c) return matches(p, c);
    if (typeof c.key !== 'string' || !c.match) throw new QdrantError(501, `the stand-in does not evaluate the condition ${JSON.stringify(c)}`);
    const have = values(p.payload[c.key]);
    const m = c.match as Json;
    if ('value' in m) return have.includes(m.value);
    if ('any' in m) return have.some((v) => (m.any as unknown[]).includes(v));
    if ('except' in m) return !have.some((v) => (m.except as unknown[]).includes(v));
    throw new QdrantError(501, `the stand-in does not evaluate the match ${JSON.stringify(m)}`);
  };
  const should = list(filter.should);
  return list(filter.must).every(cond) && !list(filter.must_not).some(cond) && (!should.length || should.some(cond));
}
