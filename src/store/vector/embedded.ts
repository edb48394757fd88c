import * as sqliteVec from 'sqlite-vec';
import { Chunk, type ScoredChunk, type SearchFilter } from '../../model/chunk.ts';
import { chunkTerms } from '../../text/lexical.ts';
import { migrate, type Database, type MigrationSet } from '../database.ts';
import { RRF_WEIGHTS, reciprocalRankFusion, type IndexedChunk, type StoreQuery, type StoredDocument, type VectorStore } from './store.ts';

export const VECTOR_MIGRATIONS: MigrationSet = {
  owner: 'vector',
  steps: [
    `CREATE TABLE vector_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`,
    `CREATE TABLE vector_chunk (
      rowid INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      document_id TEXT NOT NULL,
      municipality TEXT,
      committee TEXT,
      document_type TEXT NOT NULL,
      year INTEGER,
      chunk TEXT NOT NULL,
      vector BLOB NOT NULL
    )`,
    `CREATE INDEX vector_chunk_document ON vector_chunk (document_id)`,
    // Contentless: the terms are ours (stems, folded n-grams), the text lives in vector_chunk.
    `CREATE VIRTUAL TABLE vector_chunk_fts USING fts5(stems, grams, content='', contentless_delete=1,
      tokenize="unicode61 remove_diacritics 0 tokenchars '_'")`,
    `CREATE TABLE vector_document (
      document_id TEXT PRIMARY KEY,
      title TEXT NOT NULL,
      municipality TEXT,
      committee TEXT,
      document_type TEXT NOT NULL,
      year INTEGER,
      chunks INTEGER NOT NULL
    ) WITHOUT ROWID`,
    // How many chunks hold each term (stems and n-grams), hashed into buckets: lets a query in a large index
    // leave out terms that many chunks share, which FTS5 would otherwise score for nearly every row.
    `CREATE TABLE vector_gram_df (id INTEGER PRIMARY KEY CHECK (id = 1), chunks INTEGER NOT NULL, counts BLOB NOT NULL)`,
    // The rowids a document's chunks span: they are written together, so a filter by document (or by what the
    // document table says of it) is a test of rowid ranges, without reading chunk rows (see `filterKept`).
    `ALTER TABLE vector_document ADD COLUMN first_rowid INTEGER;
     ALTER TABLE vector_document ADD COLUMN last_rowid INTEGER;
     UPDATE vector_document SET
       first_rowid = (SELECT min(rowid) FROM vector_chunk c WHERE c.document_id = vector_document.document_id),
       last_rowid = (SELECT max(rowid) FROM vector_chunk c WHERE c.document_id = vector_document.document_id);`,
  ],
};

/** Buckets of the term document-frequency sketch (4 MB). */
const DF_BUCKETS = 1 << 20;
/**
 * FTS5 scores every row that holds any query term, so in a large index a query is cut down to its rarest terms:
 * from PRUNE_FROM chunks on, terms are taken rarest first until their postings add up to POSTINGS_BUDGET
 * (at least MIN_TERMS of them). Common terms weigh little in BM25 anyway. Below that size every term is scored:
 * on the dev questions, pruning cost recall.
 */
const PRUNE_FROM = 20_000;
const POSTINGS_BUDGET = 20_000;
const MIN_TERMS = 3;
/** The sketch's format (stems and n-grams hashed apart); a sketch of another version is recounted by a write. */
const TERM_STATS_VERSION = '2';

/** How many candidates each ranking contributes to the fusion, at least. */
const CANDIDATES = 100;
/**
 * How deep a lexical ranking of the whole index is kept for the queries that follow (see `lexicalRanking`). BM25
 * scores every match whatever the LIMIT: at 200 000 chunks ranking 2 500 costs about a fifth more than ranking 100,
 * and serves a pass over named documents that hold 5 % of the top matches (120 candidates) without ranking again.
 */
const KEPT_DEPTH = 2500;
/** How many of a kept ranking's matches are tested against a filter at a time. */
const FILTER_SLICE = 250;
/** Match expressions whose ranking is kept: a question's two passes use two. */
const KEPT_RANKINGS = 8;

/**
 * The embedded default: chunks, vectors and an FTS5 index in the same SQLite file as the documents, so that
 * indexing joins the ingest transaction. Dense search is an exact scan (sqlite-vec's `vec_distance_cosine`
 * in C over the vector BLOBs, or the same function in JS where the extension cannot load): exact, so the same
 * data gives the same results, and nothing has to be loaded before the first query.
 */
export class EmbeddedStore implements VectorStore {
  readonly kind = 'embedded';
  private dimensions = 0;
  private df: Uint32Array | null = null;
  private dfChunks = 0;
  /** The sketch on disk was counted by an older format or disagrees with the chunk count (see `termStatsCurrent`). */
  private dfStale: boolean | null = null;
  /** Lexical rankings of the whole index by match expression, while the index is unchanged (see `keptRankings`). */
  private kept = new Map<string, KeptRanking>();
  private keptVersion: number | null = null;

  constructor(private readonly db: Database) {
    migrate(db, VECTOR_MIGRATIONS);
    loadVectorFunctions(db);
    const dims = db.prepare(`SELECT value FROM vector_meta WHERE key = 'dimensions'`).pluck().get() as string | undefined;
    if (dims) this.dimensions = Number(dims);
  }

  async init(embedderId: string, dimensions: number): Promise<void> {
    const current = this.db.prepare(`SELECT value FROM vector_meta WHERE key = 'embedder'`).pluck().get() as string | undefined;
    if (current && current !== embedderId && this.countSync() > 0) {
      throw new Error(`the index was built with embedder ${current}, not ${embedderId}: run \`namndkoll reindex\``);
    }
    const set = this.db.prepare(`INSERT OR REPLACE INTO vector_meta (key, value) VALUES (?, ?)`);
    this.db.transaction(() => {
      set.run('embedder', embedderId);
      set.run('dimensions', String(dimensions));
    })();
    this.dimensions = dimensions;
  }

  async indexedWith(): Promise<string | null> {
    if (!this.countSync()) return null;
    return (this.db.prepare(`SELECT value FROM vector_meta WHERE key = 'embedder'`).pluck().get() as string | undefined) ?? null;
  }

  async upsert(items: readonly IndexedChunk[]): Promise<void> {
    this.db.transaction(() => this.upsertSync(items))();
  }

  /** Synchronous, so that it can run inside a caller's better-sqlite3 transaction. */
  upsertSync(items: readonly IndexedChunk[]): void {
    this.forgetKept();
    const find = this.db.prepare(`SELECT rowid FROM vector_chunk WHERE id = ?`).pluck();
    const delFts = this.db.prepare(`DELETE FROM vector_chunk_fts WHERE rowid = ?`);
    const delChunk = this.db.prepare(`DELETE FROM vector_chunk WHERE rowid = ?`);
    const insChunk = this.db.prepare(
      `INSERT INTO vector_chunk (id, document_id, municipality, committee, document_type, year, chunk, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insFts = this.db.prepare(`INSERT INTO vector_chunk_fts (rowid, stems, grams) VALUES (?, ?, ?)`);
    const docs = new Set<string>();
    const df = this.loadDf();
    for (const { chunk, vector, stems, grams } of items) {
      if (this.dimensions && vector.length !== this.dimensions) {
        throw new Error(`chunk ${chunk.id}: vector has ${vector.length} dimensions, the index ${this.dimensions}`);
      }
      const old = find.get(chunk.id) as number | undefined;
      if (old !== undefined) {
        this.countGrams(df, old, -1);
        delFts.run(old);
        delChunk.run(old);
      }
      addTerms(df, stems, grams, 1);
      this.dfChunks++;
      const c = chunk;
      const r = insChunk.run(c.id, c.documentId, c.municipality, c.committee, c.documentType, c.year, JSON.stringify(c), vectorBlob(vector));
      insFts.run(r.lastInsertRowid, stems.join(' '), grams.join(' '));
      docs.add(c.documentId);
    }
    for (const id of docs) this.refreshDocument(id, items.find((i) => i.chunk.documentId === id)!.chunk);
    this.saveDf();
  }

  async deleteDocument(documentId: string): Promise<void> {
    this.db.transaction(() => this.deleteDocumentSync(documentId))();
  }

  deleteDocumentSync(documentId: string): void {
    this.forgetKept();
    const rows = this.db.prepare(`SELECT rowid FROM vector_chunk WHERE document_id = ?`).pluck().all(documentId) as number[];
    const delFts = this.db.prepare(`DELETE FROM vector_chunk_fts WHERE rowid = ?`);
    const df = this.loadDf();
    for (const r of rows) {
      this.countGrams(df, r, -1);
      delFts.run(r);
    }
    if (rows.length) this.saveDf();
    this.db.prepare(`DELETE FROM vector_chunk WHERE document_id = ?`).run(documentId);
    this.db.prepare(`DELETE FROM vector_document WHERE document_id = ?`).run(documentId);
  }

  async clear(): Promise<void> {
    this.forgetKept();
    this.db.transaction(() => {
      // 'delete-all' resets the FTS5 index itself: deleted rows would otherwise linger in its term statistics
      // (and so in BM25's IDF) until segments merge, and a rebuilt index would rank unlike a fresh one.
      this.db.exec(`DELETE FROM vector_chunk; DELETE FROM vector_document; DELETE FROM vector_meta; DELETE FROM vector_gram_df;`);
      this.db.exec(`INSERT INTO vector_chunk_fts (vector_chunk_fts) VALUES ('delete-all')`);
    })();
    this.dimensions = 0;
    this.df = null;
    this.dfStale = null;
  }

  async search(q: StoreQuery): Promise<ScoredChunk[]> {
    const n = Math.max(CANDIDATES, q.limit * 4);
    const where = filterSql(q.filter);
    const weights = q.weights ?? RRF_WEIGHTS;
    const rankings: { keys: number[]; weight: number }[] = [];

    const denseOk = q.vector.length > 0 && this.dimensions === q.vector.length;
    if (denseOk && q.dense !== 'rerank') {
      const sql = `SELECT rowid FROM vector_chunk ${where.sql ? `WHERE ${where.sql}` : ''} ORDER BY vec_distance_cosine(vector, ?), rowid LIMIT ?`;
      rankings.push({ keys: this.db.prepare(sql).pluck().all(...where.params, vectorBlob(q.vector), n) as number[], weight: weights.dense });
    }
    // With a filter, the whole index's ranking is filtered here when it holds enough allowed matches (the documents
    // a question names, searched after the question itself); else FTS5 ranks every match and the filter is applied
    // here: SQLite would otherwise test each match against the filter by a subquery, which is many times slower.
    let allowed: Set<number> | undefined;
    let ranges: [number, number][] | null | undefined;
    for (const [column, terms] of [['stems', this.selectTerms('stems', q.stems)], ['grams', this.selectTerms('grams', q.grams)]] as const) {
      const match = matchExpression(column, terms);
      if (!match) continue;
      if (!where.sql) {
        rankings.push({ keys: this.lexicalRanking(match, n), weight: weights[column] });
        continue;
      }
      const fromKept = this.filterKept(match, where, n);
      if (fromKept) {
        rankings.push({ keys: fromKept, weight: weights[column] });
        continue;
      }
      allowed ??= new Set(this.db.prepare(`SELECT rowid FROM vector_chunk WHERE ${where.sql}`).pluck().all(...where.params) as number[]);
      if (!allowed.size) continue;
      if (ranges === undefined) ranges = rowidRanges(allowed);
      rankings.push({ keys: ranges ? this.rankInRanges(match, ranges, allowed, n) : this.rankFiltered(LEXICAL_RANKING, match, allowed, n), weight: weights[column] });
    }
    if (denseOk && q.dense === 'rerank') {
      // The dense ranking of the lexical candidates only: exact, and a scan of a few hundred vectors.
      const candidates = [...new Set(rankings.flatMap((r) => r.keys))];
      const sql = `SELECT rowid FROM vector_chunk WHERE rowid IN (SELECT value FROM json_each(?)) ORDER BY vec_distance_cosine(vector, ?), rowid LIMIT ?`;
      if (candidates.length) rankings.push({ keys: this.db.prepare(sql).pluck().all(JSON.stringify(candidates), vectorBlob(q.vector), n) as number[], weight: weights.dense });
    }
    const fused = reciprocalRankFusion(rankings).slice(0, q.limit);
    if (!fused.length) return [];
    const get = this.db.prepare(`SELECT chunk FROM vector_chunk WHERE rowid = ?`).pluck();
    const out = fused.map((f) => ({ chunk: Chunk.parse(JSON.parse(get.get(f.key) as string)), score: f.score }));
    // Equal fused scores break on chunk id, as in the other store.
    return out.sort((a, b) => b.score - a.score || (a.chunk.id < b.chunk.id ? -1 : a.chunk.id > b.chunk.id ? 1 : 0));
  }

  /**
   * The first `n` matches of the whole index in BM25 order. The ranking is kept, `KEPT_DEPTH` deep, for the
   * queries that follow with the same terms: a question that names documents is searched again within them.
   */
  private lexicalRanking(match: string, n: number): number[] {
    const kept = this.keptRankings();
    const have = kept?.get(match);
    if (have && (have.complete || have.keys.length >= n)) return have.keys.slice(0, n);
    const depth = Math.max(n, KEPT_DEPTH);
    const keys = this.db.prepare(`${LEXICAL_RANKING} LIMIT ?`).pluck().all(match, depth) as number[];
    if (kept) {
      if (kept.size >= KEPT_RANKINGS) kept.delete(kept.keys().next().value!);
      kept.set(match, { keys, complete: keys.length < depth });
    }
    return keys.slice(0, n);
  }

  /**
   * The first `n` allowed matches in BM25 order, from a kept ranking of the whole index when it holds that many
   * (or every match); null when it does not. The filter is a set of rowid ranges, one per allowed document, from
   * the document table: testing chunk rows instead (`rowid IN (…) AND document_id IN (…)`) reads a table page per
   * match, and SQLite plans it as a lookup per document and rowid pair, which costs more than the ranking itself.
   */
  private filterKept(match: string, where: { sql: string; params: unknown[] }, n: number): number[] | null {
    const have = this.keptRankings()?.get(match);
    if (!have) return null;
    const ranges = this.documentRanges(where);
    if (!ranges) return null;
    const keys: number[] = [];
    for (const k of have.keys) {
      if (!inRanges(ranges, k)) continue;
      keys.push(k);
      if (keys.length >= n) break;
    }
    return keys.length >= n || have.complete ? keys : null;
  }

  /**
   * The allowed documents' rowid ranges, sorted, or null when one of them is not one unbroken range (a chunk
   * written apart from its document).
   */
  private documentRanges(where: { sql: string; params: unknown[] }): [number, number][] | null {
    const rows = this.db
      .prepare(`SELECT first_rowid AS lo, last_rowid AS hi, chunks FROM vector_document WHERE ${where.sql} ORDER BY first_rowid`)
      .all(...where.params) as { lo: number | null; hi: number | null; chunks: number }[];
    if (rows.some((r) => r.lo === null || r.hi === null || r.hi - r.lo + 1 !== r.chunks)) return null;
    return rows.map((r) => [r.lo!, r.hi!]);
  }

  /**
   * The kept rankings, or null inside a transaction (its writes may yet be rolled back). Another connection's
   * commit changes `data_version` and empties them; this connection's writes empty them as they are made.
   */
  private keptRankings(): Map<string, KeptRanking> | null {
    if (this.db.inTransaction) return null;
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.keptVersion) {
      this.forgetKept();
      this.keptVersion = version;
    }
    return this.kept;
  }

  /** The first `n` matches in BM25 order that the filter allows, from FTS5's ranking of every match. */
  private rankFiltered(sql: string, match: string, allowed: ReadonlySet<number>, n: number): number[] {
    const ranked: number[] = [];
    for (const rowid of this.db.prepare(sql).pluck().iterate(match) as IterableIterator<number>) {
      if (!allowed.has(rowid)) continue;
      ranked.push(rowid);
      if (ranked.length >= n) break;
    }
    return ranked;
  }

  /**
   * The same ranking when the allowed rows lie in a few rowid ranges (a document's chunks are written together):
   * FTS5 seeks to each range instead of scoring every match. BM25's statistics are the whole table's either way,
   * so the scores, and the order, are the same.
   */
  private rankInRanges(match: string, ranges: readonly [number, number][], allowed: ReadonlySet<number>, n: number): number[] {
    const inRange = this.db.prepare(`SELECT rowid AS r, bm25(vector_chunk_fts) AS s FROM vector_chunk_fts WHERE vector_chunk_fts MATCH ? AND rowid BETWEEN ? AND ?`);
    const hits: { r: number; s: number }[] = [];
    for (const [lo, hi] of ranges) for (const h of inRange.all(match, lo, hi) as { r: number; s: number }[]) if (allowed.has(h.r)) hits.push(h);
    return hits
      .sort((a, b) => a.s - b.s || a.r - b.r)
      .slice(0, n)
      .map((h) => h.r);
  }

  private forgetKept(): void {
    this.kept.clear();
  }

  async count(): Promise<number> {
    return this.countSync();
  }

  private countSync(): number {
    return this.db.prepare(`SELECT count(*) FROM vector_chunk`).pluck().get() as number;
  }

  async documents(): Promise<StoredDocument[]> {
    const rows = this.db.prepare(`SELECT * FROM vector_document ORDER BY document_id`).all() as Record<string, unknown>[];
    return rows.map((r) => ({
      documentId: r.document_id as string,
      title: r.title as string,
      municipality: (r.municipality as string | null) ?? null,
      committee: (r.committee as string | null) ?? null,
      documentType: r.document_type as StoredDocument['documentType'],
      year: (r.year as number | null) ?? null,
      chunks: r.chunks as number,
    }));
  }

  async close(): Promise<void> {
    // The database handle belongs to the caller.
  }

  /**
   * Counts every stored chunk's terms into the sketch again: for an index written before the sketch existed, or
   * whose sketch disagrees with its chunk count.
   */
  rebuildTermStats(): void {
    const df = new Uint32Array(DF_BUCKETS);
    let n = 0;
    for (const json of this.db.prepare(`SELECT chunk FROM vector_chunk`).pluck().iterate() as IterableIterator<string>) {
      const terms = chunkTerms(JSON.parse(json) as Chunk);
      addTerms(df, terms.stems, terms.grams, 1);
      n++;
    }
    this.df = df;
    this.dfChunks = n;
    this.dfStale = false;
    this.db.transaction(() => this.saveDf())();
  }

  /** Whether the term sketch matches the stored chunks; when not, `rebuildTermStats` (a write) recounts it. */
  termStatsCurrent(): boolean {
    this.loadDf();
    if (this.dfStale === null) {
      const versioned = this.db.prepare(`SELECT 1 FROM vector_meta WHERE key = 'term-stats' AND value = ?`).get(TERM_STATS_VERSION);
      this.dfStale = !versioned || this.dfChunks !== this.countSync();
    }
    return !this.dfStale;
  }

  /** The query terms worth scoring in this index (see POSTINGS_BUDGET). */
  private selectTerms(column: 'stems' | 'grams', terms: readonly string[]): string[] {
    const unique = [...new Set(terms)];
    const df = this.loadDf();
    if (this.dfChunks < PRUNE_FROM) return unique;
    // A stale sketch is never recounted here (200 000 chunks take half a minute): it prunes less well until
    // an ingest or `reindex` recounts it, and every term it wrongly thinks rare is still scored exactly.
    const ranked = unique.map((t) => ({ t, n: df[bucket(sketchKey(column, t))]! })).sort((a, b) => a.n - b.n || (a.t < b.t ? -1 : 1));
    const out: string[] = [];
    let postings = 0;
    for (const { t, n } of ranked) {
      if (out.length >= MIN_TERMS && postings + n > POSTINGS_BUDGET) break;
      out.push(t);
      postings += n;
    }
    return out;
  }

  private loadDf(): Uint32Array {
    if (this.df) return this.df;
    const row = this.db.prepare(`SELECT chunks, counts FROM vector_gram_df WHERE id = 1`).get() as { chunks: number; counts: Buffer } | undefined;
    if (row) {
      this.df = new Uint32Array(row.counts.buffer.slice(row.counts.byteOffset, row.counts.byteOffset + row.counts.byteLength));
      this.dfChunks = row.chunks;
    } else {
      this.df = new Uint32Array(DF_BUCKETS);
      this.dfChunks = 0;
      // A new sketch is counted in the current format from its first chunk, or it is stale when chunks are stored already.
      this.dfStale = this.countSync() > 0;
    }
    return this.df;
  }

  private saveDf(): void {
    const df = this.loadDf();
    this.db
      .prepare(`INSERT OR REPLACE INTO vector_gram_df (id, chunks, counts) VALUES (1, ?, ?)`)
      .run(this.dfChunks, Buffer.from(df.buffer, df.byteOffset, df.byteLength));
    if (this.dfStale === false) this.db.prepare(`INSERT OR REPLACE INTO vector_meta (key, value) VALUES ('term-stats', ?)`).run(TERM_STATS_VERSION);
  }

  /** Adds or removes a stored chunk's n-grams from the sketch (its terms are computed again from its text). */
  private countGrams(df: Uint32Array, rowid: number, by: 1 | -1): void {
    const json = this.db.prepare(`SELECT chunk FROM vector_chunk WHERE rowid = ?`).pluck().get(rowid) as string | undefined;
    if (!json) return;
    const terms = chunkTerms(JSON.parse(json) as Chunk);
    addTerms(df, terms.stems, terms.grams, by);
    this.dfChunks += by;
  }

  private refreshDocument(documentId: string, sample: Chunk): void {
    const span = this.db
      .prepare(`SELECT count(*) AS n, min(rowid) AS lo, max(rowid) AS hi FROM vector_chunk WHERE document_id = ?`)
      .get(documentId) as { n: number; lo: number; hi: number };
    this.db
      .prepare(
        `INSERT OR REPLACE INTO vector_document (document_id, title, municipality, committee, document_type, year, chunks, first_rowid, last_rowid)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(documentId, sample.title, sample.municipality, sample.committee, sample.documentType, sample.year, span.n, span.lo, span.hi);
  }
}

function bucket(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & (DF_BUCKETS - 1);
}

const sketchKey = (column: 'stems' | 'grams', term: string) => (column === 'stems' ? `\u0001${term}` : term);

function addTerms(df: Uint32Array, stems: readonly string[], grams: readonly string[], by: 1 | -1): void {
  for (const [column, terms] of [['stems', stems], ['grams', grams]] as const) {
    for (const t of new Set(terms)) {
      const b = bucket(sketchKey(column, t));
      df[b] = Math.max(0, df[b]! + by);
    }
  }
}

/** Every match of a match expression, best first by BM25; ties by rowid, so that the same index ranks the same way. */
const LEXICAL_RANKING = `SELECT rowid FROM vector_chunk_fts WHERE vector_chunk_fts MATCH ? ORDER BY bm25(vector_chunk_fts), rowid`;

/**
 * Most rowid ranges a filtered query is split into. Each range's query counts every query term's documents over
 * the whole table again (BM25's statistics), about a tenth of what ranking all matches costs at 200 000 chunks:
 * beyond a few ranges, one ranking of all matches is cheaper.
 */
const MAX_RANGES = 4;

/** The allowed rowids as contiguous ranges, or null when there are too many ranges to seek to one by one. */
function rowidRanges(allowed: ReadonlySet<number>): [number, number][] | null {
  const ranges: [number, number][] = [];
  for (const r of [...allowed].sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last && r === last[1] + 1) last[1] = r;
    else if (ranges.push([r, r]) > MAX_RANGES) return null;
  }
  return ranges;
}

function vectorBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

/** sqlite-vec's distance function; where the extension cannot load, the same function in JS. */
function loadVectorFunctions(db: Database): void {
  try {
    sqliteVec.load(db);
    return;
  } catch {
    // fall through to the JS implementation
  }
  db.function('vec_distance_cosine', { deterministic: true }, (a: unknown, b: unknown) => {
    const x = new Float32Array((a as Buffer).buffer, (a as Buffer).byteOffset, (a as Buffer).byteLength / 4);
    const y = new Float32Array((b as Buffer).buffer, (b as Buffer).byteOffset, (b as Buffer).byteLength / 4);
    let dot = 0;
    let nx = 0;
    let ny = 0;
    for (let i = 0; i < x.length; i++) {
      dot += x[i]! * y[i]!;
      nx += x[i]! * x[i]!;
      ny += y[i]! * y[i]!;
    }
    return 1 - dot / Math.sqrt(nx * ny || 1);
  });
}

interface KeptRanking {
  keys: number[];
  complete: boolean;
}

/** Whether `rowid` lies in one of the sorted, disjoint ranges. */
function inRanges(ranges: readonly [number, number][], rowid: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid]!;
    if (rowid < a) hi = mid - 1;
    else if (rowid > b) lo = mid + 1;
    else return true;
  }
  return false;
}

function filterSql(filter: SearchFilter | undefined): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (column: string, values: readonly unknown[] | undefined) => {
    if (!values) return;
    if (!values.length) {
      parts.push('0');
      return;
    }
    parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  add('document_id', filter?.documentId);
  add('municipality', filter?.municipality);
  add('committee', filter?.committee);
  add('document_type', filter?.documentType);
  add('year', filter?.year);
  return { sql: parts.join(' AND '), params };
}

/** `stems : ("a" OR "b")`, terms quoted so that none reads as an FTS5 operator. */
function matchExpression(column: string, terms: readonly string[]): string | null {
  const unique = [...new Set(terms.filter(Boolean))];
  if (!unique.length) return null;
  return `${column} : (${unique.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ')})`;
}
