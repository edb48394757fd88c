import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ExtractiveAnswerer } from '../../src/answer/answerer.ts';
import { StoreKnowledge } from '../../src/answer/knowledge.ts';
import { loadEnv, type Env } from '../../src/config/env.ts';
import { openSearch } from '../../src/search/index.ts';
import { DocumentStore } from '../../src/store/documents/store.ts';
import { rebuildIndex } from '../../src/store/vector/rebuild.ts';
import { parsedCorpus } from './corpus.ts';
import { corpusPdf } from './shared.ts';

/**
 * A data directory holding the given corpus PDFs, parsed, stored and indexed the way `ingest` does; returns its env.
 * The parses are the run's shared ones (corpus.ts).
 */
export async function corpusStore(dataDir: string, ids: string[], extraEnv: Record<string, string> = {}): Promise<Env> {
  const store = DocumentStore.open(dataDir);
  const env = loadEnv({ NAMNDKOLL_DATA: dataDir, LOG_LEVEL: 'silent', ...extraEnv });
  const { indexer } = await openSearch(loadEnv({ NAMNDKOLL_DATA: dataDir }), store.db);
  for (const id of ids) store.save(await parsedCorpus(id, 'pdf', { noOcr: true }), { sourcePath: corpusPdf(id) });
  await rebuildIndex(store.all(), indexer);
  store.close();
  return env;
}

/** An extractive answerer over a fresh store of the given corpus documents; `close` releases and removes it. */
export async function extractiveOn(ids: string[]): Promise<{ answerer: ExtractiveAnswerer; knowledge: StoreKnowledge; close: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'namndkoll-answers-'));
  const knowledge = (await StoreKnowledge.open(await corpusStore(dataDir, ids)))!;
  return {
    answerer: new ExtractiveAnswerer(knowledge),
    knowledge,
    close: async () => {
      await knowledge.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
