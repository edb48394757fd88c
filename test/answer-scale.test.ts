import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variant } from '../bench/answer.ts';
import { ExtractiveAnswerer } from '../src/answer/answerer.ts';
import { StoreKnowledge, type Knowledge } from '../src/answer/knowledge.ts';
import { READ_LIMIT } from '../src/answer/readable.ts';
import { route } from '../src/answer/router.ts';
import { resolveScope } from '../src/answer/scope.ts';
import { loadEnv } from '../src/config/env.ts';
import { openSearch } from '../src/search/index.ts';
import { DocumentStore } from '../src/store/documents/store.ts';
import { rebuildIndex } from '../src/store/vector/rebuild.ts';
import { extractiveOn } from './helpers/answer-store.ts';
import { parsedCorpus } from './helpers/corpus.ts';
import { DOCS, hasPdfs } from './helpers/shared.ts';

/** The real store's knowledge, noting which documents a question reads whole. */
class ReadingKnowledge implements Knowledge {
  readonly read = new Set<string>();
  constructor(private readonly inner: StoreKnowledge) {}
  documents = () => this.inner.documents();
  document = (id: string) => (this.read.add(id), this.inner.document(id));
  figures = (id: string) => (this.read.add(id), this.inner.figures(id));
  search: Knowledge['search'] = (q, f, n) => this.inner.search(q, f, n);
  lexicon = () => this.inner.lexicon();
  warm = () => this.inner.warm();
  close = () => this.inner.close();
}

// 60 plans of one committee: the 2024 plan and versions of it for 2020–2023 (every year in text and tables moved).
// A question that names only the committee has all 60 in scope; it must read a bounded number of them and give
// the answer the 2024 plan gives alone.
describe.skipIf(!hasPdfs(DOCS.vp2024))('a question whose scope is a large archive', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'namndkoll-scale-'));
  let knowledge: ReadingKnowledge;
  let answerer: ExtractiveAnswerer;
  let alone: Awaited<ReturnType<typeof extractiveOn>>;
  beforeAll(async () => {
    const src = await parsedCorpus(DOCS.vp2024, 'pdf', { noOcr: true });
    const store = DocumentStore.open(dir);
    const { indexer } = await openSearch(loadEnv({ NAMNDKOLL_DATA: dir }), store.db);
    store.save(src);
    for (let i = 1; i < 60; i++) {
      const copy = variant(src, i, -1 - (i % 4));
      // Titled apart, so that they are 60 documents and not copies of 5 (the scope keeps one of identical copies).
      copy.document.title = `${copy.document.title}, version ${i}`;
      store.save(copy);
    }
    await rebuildIndex(store.all(), indexer);
    store.close();
    const inner = (await StoreKnowledge.open(loadEnv({ NAMNDKOLL_DATA: dir, LOG_LEVEL: 'silent' })))!;
    knowledge = new ReadingKnowledge(inner);
    answerer = new ExtractiveAnswerer(knowledge);
    alone = await extractiveOn([DOCS.vp2024]);
  }, 300_000);
  afterAll(async () => {
    await knowledge?.close();
    await alone?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const question of ['Hur mycket ökar Myndighets budget 2024 jmf med 2023, i mnkr och procent?', 'Vad är Socialnämndens budget för Myndighet 2024?']) {
    it(`reads at most READ_LIMIT (40) of 60 documents and answers as the one document does: ${question}`, async () => {
      expect(knowledge.documents()).toHaveLength(60);
      expect(resolveScope(route(question), knowledge.documents()).documents.length).toBeGreaterThan(READ_LIMIT);
      knowledge.read.clear();
      const { answer } = await answerer.ask(question);
      const single = (await alone.answerer.ask(question)).answer;
      expect(knowledge.read.size).toBeLessThanOrEqual(READ_LIMIT);
      expect(answer.refused).toBe(false);
      expect(answer.values.map((v) => `${v.value} ${v.unit}`)).toEqual(single.values.map((v) => `${v.value} ${v.unit}`));
      expect(answer.citations.map((c) => [c.document, c.page])).toEqual(single.citations.map((c) => [c.document, c.page]));
    });
  }
});
