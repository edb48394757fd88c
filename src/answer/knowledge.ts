import { LRUCache } from 'lru-cache';
import type { Env } from '../config/env.ts';
import { allFigures } from '../calc/figures.ts';
import type { CalcFigure } from '../model/calc.ts';
import type { ScoredChunk, SearchFilter } from '../model/chunk.ts';
import type { ParsedDocument } from '../model/document.ts';
import { openSearch, type HybridSearch } from '../search/index.ts';
import { DocumentStore } from '../store/documents/store.ts';
import { Lexicon } from '../text/lexicon.ts';
import { facetsOf, type DocFacets } from './scope.ts';

/**
 * What answering reads: the stored documents (with their tables' figures read once by the calc engine) and hybrid
 * search over their chunks. One instance serves many questions, so the documents recently read are kept warm; an
 * archive of thousands is not held in memory (a question reads at most a few dozen: see readable.ts READ_LIMIT).
 */
export interface Knowledge {
  documents(): DocFacets[];
  document(id: string): ParsedDocument | null;
  /** The calc engine's reading of a document's table figures (measure, period, label, provenance). */
  figures(id: string): CalcFigure[];
  search(query: string, filter: SearchFilter | undefined, limit: number): Promise<ScoredChunk[]>;
  /** The words of every stored document (titles, headings, text, table cells). */
  lexicon(): Lexicon;
  /** Reads ahead what a first question needs (document list, index pages); questions meanwhile are answered, slower. */
  warm(): Promise<void>;
  close(): Promise<void>;
}

/** Parsed documents (and their figures) kept between questions: a few questions' worth, for follow-ups. */
const KEPT_DOCUMENTS = 200;

export class StoreKnowledge implements Knowledge {
  private docs: DocFacets[] | null = null;
  private readonly parsed = new LRUCache<string, { doc: ParsedDocument | null }>({ max: KEPT_DOCUMENTS });
  private readonly figs = new LRUCache<string, CalcFigure[]>({ max: KEPT_DOCUMENTS });
  private words: Lexicon | null = null;

  constructor(
    private readonly store: DocumentStore,
    private readonly searcher: HybridSearch,
  ) {}

  /** Opens the store in `env.NAMNDKOLL_DATA` and the configured search; null when nothing has been ingested there. */
  static async open(env: Env): Promise<StoreKnowledge | null> {
    const store = DocumentStore.openExisting(env.NAMNDKOLL_DATA);
    if (!store) return null;
    const { search } = await openSearch(env, store.db);
    return new StoreKnowledge(store, search);
  }

  documents(): DocFacets[] {
    this.docs ??= this.store.catalogue().map((d) => facetsOf(d.meta, d.ocrPages));
    return this.docs;
  }

  document(id: string): ParsedDocument | null {
    let kept = this.parsed.get(id);
    if (!kept) this.parsed.set(id, (kept = { doc: this.store.get(id) }));
    return kept.doc;
  }

  figures(id: string): CalcFigure[] {
    let f = this.figs.get(id);
    if (!f) {
      const doc = this.document(id);
      f = doc ? allFigures([doc]) : [];
      this.figs.set(id, f);
    }
    return f;
  }

  lexicon(): Lexicon {
    this.words ??= new Lexicon(this.store.lexicon());
    return this.words;
  }

  async search(query: string, filter: SearchFilter | undefined, limit: number): Promise<ScoredChunk[]> {
    return this.searcher.search(query, { filter, limit });
  }

  async warm(): Promise<void> {
    this.documents();
    await this.searcher.warm();
  }

  async close(): Promise<void> {
    this.store.close();
  }
}
