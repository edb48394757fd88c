import type { ScoredChunk, SearchFilter } from '../model/chunk.ts';
import type { Embedder } from '../embed/embedder.ts';
import { RRF_WEIGHTS, type StoredDocument, type VectorStore } from '../store/vector/store.ts';
import { loadGlossary, translateTerms, type Glossary } from '../text/glossary.ts';
import { analyzeQuery, loadAbbreviations } from './query.ts';
import { detectScope } from './scope.ts';

export interface SearchOptions {
  filter?: SearchFilter;
  /** Results wanted (default 10). */
  limit?: number;
  /** Boost documents the question names (default on). */
  scope?: boolean;
}

/**
 * Added to a chunk's fused score when its document is the one the question names best. A chunk ranked first
 * by one retriever scores 1/61 ≈ 0.016, so this lifts a named document's chunks over most others'.
 */
const SCOPE_WEIGHT = 0.02;
/** The share of that boost a scope resting only on a year gets (see `DocumentScope.yearOnly`). */
const YEAR_ONLY_SHARE = 0.5;
/** Candidates fetched from the store per result wanted, so that boosting can reorder them. */
const OVERFETCH = 6;

/** Hybrid search: query expansion, dense + lexical retrieval fused in the store, then document-scope boosting. */
export class HybridSearch {
  private readonly glossary: Glossary;
  private readonly abbreviations: Map<string, string[]>;
  private documentsCache: StoredDocument[] | null = null;
  private warming: Promise<void> | null = null;
  private answered = false;

  constructor(
    private readonly store: VectorStore,
    private readonly embedder: Embedder,
    glossary?: Glossary,
  ) {
    this.glossary = glossary ?? loadGlossary();
    this.abbreviations = loadAbbreviations();
  }

  /**
   * True once what a first query reads is in memory (the document list, the store's term statistics, the index
   * pages a query touches): after `warm()` or after any search. Nothing is rebuilt either way: a search before
   * then is answered exactly, only slower. A caller that must not wait (Slack) can say it is warming up meanwhile.
   */
  get ready(): boolean {
    return this.answered;
  }

  /** Reads ahead what the first query needs, with a query made of a stored document's title; resolves when ready. */
  warm(): Promise<void> {
    this.warming ??= (async () => {
      this.documentsCache ??= await this.store.documents();
      const title = this.documentsCache[0]?.title;
      if (title) await this.search(title, { limit: 1 });
      this.answered = true;
    })();
    return this.warming;
  }

  /** Forget the cached document list (after documents were added or removed). */
  invalidate(): void {
    this.documentsCache = null;
  }

  async search(query: string, options: SearchOptions = {}): Promise<ScoredChunk[]> {
    const found = await this.searchRanked(query, options);
    this.answered = true;
    return found;
  }

  private async searchRanked(query: string, options: SearchOptions): Promise<ScoredChunk[]> {
    const limit = options.limit ?? 10;
    const q = analyzeQuery(query, this.glossary, this.abbreviations);
    const weights = { ...RRF_WEIGHTS, dense: this.embedder.fusionWeight };
    const [vector] = await this.embedder.embed([q.expanded]);
    const candidates = await this.store.search({ vector: vector!, stems: q.stems, grams: q.grams, filter: options.filter, limit: limit * OVERFETCH, weights, dense: this.embedder.denseSearch });
    if (options.scope === false || options.filter?.documentId?.length === 1) return diversify(candidates, limit);

    this.documentsCache ??= await this.store.documents();
    const scope = detectScope(query, this.documentsCache, translateTerms(query, this.glossary));
    if (!scope.weights.size) return diversify(candidates, limit);

    // The documents the question names best are searched again on their own, so that their best chunks are
    // ranked among themselves rather than cut off by other documents' chunks. A year alone names no document
    // firmly enough for that, and boosts less.
    const boost = SCOPE_WEIGHT * (scope.yearOnly ? YEAR_ONLY_SHARE : 1);
    const bestNamed = scope.yearOnly ? [] : [...scope.weights].filter(([, w]) => w === 1).map(([id]) => id);
    const allowed = options.filter?.documentId;
    const scoped = bestNamed.filter((id) => !allowed || allowed.includes(id));
    const inNamed = scoped.length
      ? await this.store.search({ vector: vector!, stems: q.stems, grams: q.grams, filter: { ...options.filter, documentId: scoped }, limit: limit * OVERFETCH, weights, dense: this.embedder.denseSearch })
      : [];

    const best = new Map<string, ScoredChunk>();
    const offer = (c: ScoredChunk, score: number) => {
      const old = best.get(c.chunk.id);
      if (!old || old.score < score) best.set(c.chunk.id, { chunk: c.chunk, score });
    };
    // Squared, so that the document named best pulls clearly ahead of one that shares only part of the name.
    for (const c of candidates) offer(c, c.score + boost * (scope.weights.get(c.chunk.documentId) ?? 0) ** 2);
    for (const c of inNamed) offer(c, c.score + boost);
    return diversify([...best.values()].sort(byScore), limit);
  }
}

const byScore = (a: ScoredChunk, b: ScoredChunk) => b.score - a.score || (a.chunk.id < b.chunk.id ? -1 : a.chunk.id > b.chunk.id ? 1 : 0);

/** Chunks from one table or one section that may lead the results before other passages get their turn. */
const PER_GROUP = 2;

const groupOf = (c: ScoredChunk) => `${c.chunk.documentId}/${c.chunk.tableId ?? c.chunk.sectionId ?? c.chunk.id}`;

/**
 * The chunks that take a group's places, in order. A table led by a block of rows gives its next place to
 * another block of it before a row: the leading block need not hold the row asked about (a table is cut into
 * blocks by size), and the rows that rank next are often sum or deviation rows that match the question's measure
 * words rather than the row it names. A table led by a row keeps its ranking.
 */
function placeHolders(members: readonly ScoredChunk[]): ScoredChunk[] {
  if (members[0]!.chunk.kind !== 'table') return members.slice(0, PER_GROUP);
  const blocks = members.filter((m) => m.chunk.kind === 'table');
  return [...blocks, ...members.filter((m) => m.chunk.kind !== 'table')].slice(0, PER_GROUP);
}

/**
 * Keeps the ranking but moves a table's (or section's) third and later chunks behind the first chunks of other
 * tables and sections: short row chunks of one table would otherwise fill the top of the list. A group's places
 * stay where its best chunks rank; `placeHolders` picks which of its chunks fill them.
 */
export function diversify(ranked: readonly ScoredChunk[], limit: number): ScoredChunk[] {
  const groups = new Map<string, ScoredChunk[]>();
  for (const c of ranked) {
    const g = groupOf(c);
    const members = groups.get(g);
    if (members) members.push(c);
    else groups.set(g, [c]);
  }
  const holders = new Map([...groups].map(([g, members]) => [g, placeHolders(members)]));
  const placed = new Set([...holders.values()].flat());
  const taken = new Map<string, number>();
  const first: ScoredChunk[] = [];
  for (const c of ranked) {
    const g = groupOf(c);
    const n = taken.get(g) ?? 0;
    const chosen = holders.get(g)![n];
    if (!chosen) continue;
    first.push(chosen);
    taken.set(g, n + 1);
  }
  return [...first, ...ranked.filter((c) => !placed.has(c))].slice(0, limit);
}
