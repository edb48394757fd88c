import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chunk } from '../src/model/chunk.ts';
import { openDatabase, type Database } from '../src/store/database.ts';
import { EmbeddedStore } from '../src/store/vector/embedded.ts';
import { QdrantStore } from '../src/store/vector/qdrant.ts';
import type { IndexedChunk, StoreQuery, VectorStore } from '../src/store/vector/store.ts';
import { hasQdrantSpec, QDRANT_SPEC } from './helpers/qdrant-openapi.ts';
import { chunk, embedder, indexed, query } from './helpers/vector-chunks.ts';
import { QdrantStandIn } from './helpers/qdrant-standin.ts';

const CHUNKS: Chunk[] = [
  chunk('vp2024', 1, 'Budgetramen för 2024 omfattar 663,5 mnkr och har tilldelats enligt nedan.'),
  chunk('vp2024', 2, 'Socialnämnden består av 17 ledamöter och 11 ersättare.'),
  chunk('vp2024', 3, 'Effektiviseringskravet på 3,4 mnkr har budgeterats ut på externa vård och behandlingskostnader.'),
  chunk('ab2023', 1, 'Den totala sjukfranvaron ir efter nagra dr pa hogre nivder 5,9 % av arbetstiden, f6r nimndens personal.', {
    documentType: 'årsberättelse',
    year: 2023,
  }),
  chunk('ab2023', 2, 'Familjehemsvården för barn och unga ökade under året.', { documentType: 'årsberättelse', year: 2023 }),
  chunk('dr2', 1, 'Driftsnämndernas ekonomiska resultat\nHemvårdsnämnd | Prognos 2 Helår 2022: 316 801 | Budget Helår 2022: 364 500', {
    documentType: 'delårsrapport',
    year: 2022,
    kind: 'row',
    tableId: 't12',
  }),
  chunk('dr2', 2, 'Vårdboendenämnden har en lång kö till vård- och omsorgsboende.', { documentType: 'delårsrapport', year: 2022 }),
  chunk('enk', 1, 'Nämnden har fått en utökad budget om 4,0 mnkr för fältande verksamhet.', {
    municipality: 'Enköping',
    documentType: 'nämndplan',
  }),
];

interface Subject {
  name: string;
  skip: string | null;
  open: () => Promise<VectorStore>;
  reopen?: () => Promise<VectorStore>;
  cleanup?: () => Promise<void>;
}

let dbs: Database[] = [];
const qdrantUrl = process.env.QDRANT_URL;
const collection = `namndkoll-contract-${randomUUID().slice(0, 8)}`;
const subjects: Subject[] = [
  (() => {
    // One directory for the whole suite (the per-test temp dirs are removed after each test): reopening it
    // must give the same index.
    let dir = '';
    const open = async () => {
      dir ||= mkdtempSync(path.join(tmpdir(), 'namndkoll-contract-'));
      const db = openDatabase(dir);
      dbs.push(db);
      return new EmbeddedStore(db);
    };
    const cleanup = async () => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    };
    return { name: 'embedded (SQLite)', skip: null, open, reopen: open, cleanup };
  })(),
  (() => {
    // The stand-in server, which answers as Qdrant's OpenAPI description says: every request the contract makes
    // must be one the description accepts.
    let standIn: QdrantStandIn | null = null;
    const open = async () => {
      if (!standIn) {
        standIn = new QdrantStandIn();
        const url = await standIn.start();
        return new QdrantStore({ url, collection: 'namndkoll-contract' });
      }
      throw new Error('opened twice');
    };
    const cleanup = async () => {
      expect(standIn!.problems()).toEqual([]);
      expect(standIn!.responseProblems).toEqual([]);
      await standIn!.stop();
    };
    return { name: 'Qdrant stand-in (requests checked against the OpenAPI description)', skip: hasQdrantSpec ? null : `${QDRANT_SPEC} not found`, open, cleanup };
  })(),
  {
    name: 'Qdrant',
    skip: qdrantUrl ? null : 'QDRANT_URL is not set',
    open: async () => new QdrantStore({ url: qdrantUrl!, apiKey: process.env.QDRANT_API_KEY, collection }),
    cleanup: async () => {
      await new QdrantStore({ url: qdrantUrl!, apiKey: process.env.QDRANT_API_KEY, collection }).clear();
    },
  },
];

for (const subject of subjects) {
  if (subject.skip) console.warn(`[skipped] VectorStore contract on ${subject.name}: ${subject.skip}`);

  describe.skipIf(subject.skip !== null)(`VectorStore contract: ${subject.name}`, () => {
    let store: VectorStore;
    beforeAll(async () => {
      store = await subject.open();
      await store.clear();
      await store.init(embedder.id, embedder.dimensions);
    });
    afterAll(async () => {
      for (const db of dbs) db.close();
      dbs = [];
      await subject.cleanup?.();
    });

    it('starts empty', async () => {
      expect(await store.count()).toBe(0);
      expect(await store.indexedWith()).toBeNull();
      expect(await store.search(await query('budgetram'))).toEqual([]);
      expect(await store.documents()).toEqual([]);
    });

    it('stores chunks and lists their documents', async () => {
      await store.upsert(await indexed(CHUNKS));
      expect(await store.count()).toBe(CHUNKS.length);
      expect(await store.indexedWith()).toBe(embedder.id);
      const docs = await store.documents();
      expect(docs.map((d) => d.documentId)).toEqual(['ab2023', 'dr2', 'enk', 'vp2024']);
      expect(docs.find((d) => d.documentId === 'enk')).toMatchObject({ municipality: 'Enköping', documentType: 'nämndplan', year: 2024, chunks: 1 });
    });

    it('finds a passage by its words, best first, with the chunk as stored', async () => {
      const hits = await store.search(await query('Hur många ledamöter och ersättare har socialnämnden?'));
      expect(hits[0]!.chunk).toEqual(CHUNKS[1]);
      expect(hits[0]!.score).toBeGreaterThan(hits.at(-1)!.score);
    });

    it('finds a table row by its label and column header', async () => {
      const hits = await store.search(await query('Hemvårdsnämnd prognos 2'));
      expect(hits[0]!.chunk.id).toBe('dr2:s1:0');
    });

    it('finds OCR-misspelt text with the right spelling', async () => {
      // The chunk has `sjukfranvaron` and `nimndens` only.
      const hits = await store.search(await query('sjukfrånvaro'));
      expect(hits[0]!.chunk.id).toBe('ab2023:s1:0');
    });

    it('finds a word inside a compound', async () => {
      const hits = await store.search(await query('hemsvård'));
      expect(hits[0]!.chunk.id).toBe('ab2023:s2:0');
    });

    it('filters by document id, municipality, committee, document type and year', async () => {
      const ids = async (filter: StoreQuery['filter']) => new Set((await store.search(await query('budget mnkr nämnden', { filter }))).map((h) => h.chunk.documentId));
      expect(await ids({ documentId: ['enk'] })).toEqual(new Set(['enk']));
      expect(await ids({ municipality: ['Enköping'] })).toEqual(new Set(['enk']));
      expect(await ids({ documentType: ['årsberättelse', 'delårsrapport'] })).toEqual(new Set(['ab2023', 'dr2']));
      expect(await ids({ year: [2023] })).toEqual(new Set(['ab2023']));
      expect(await ids({ committee: ['Socialnämnden'], year: [2024], documentType: ['verksamhetsplan'] })).toEqual(new Set(['vp2024']));
      expect(await ids({ documentId: [] })).toEqual(new Set());
    });

    it('gives the same results for the same data', async () => {
      const q = await query('budget för barn och unga');
      const a = await store.search(q);
      const b = await store.search(q);
      expect(b).toEqual(a);
      if (subject.reopen) {
        const again = await subject.reopen();
        expect(await again.search(q)).toEqual(a);
      }
    });

    it('replaces a chunk with the same id', async () => {
      const changed = { ...CHUNKS[0]!, text: 'Budgetramen för 2024 omfattar 670 mnkr.' };
      await store.upsert(await indexed([changed]));
      expect(await store.count()).toBe(CHUNKS.length);
      const hits = await store.search(await query('budgetramen 670'));
      expect(hits[0]!.chunk.text).toBe(changed.text);
    });

    it('refuses vectors from another embedder while it holds chunks', async () => {
      await expect(store.init('other-embedder', 8)).rejects.toThrow(/reindex/);
    });

    it('deletes a document, and only it', async () => {
      await store.deleteDocument('vp2024');
      expect(await store.count()).toBe(CHUNKS.length - 3);
      const hits = await store.search(await query('ledamöter ersättare budgetramen'));
      expect(hits.some((h) => h.chunk.documentId === 'vp2024')).toBe(false);
      expect((await store.documents()).map((d) => d.documentId)).toEqual(['ab2023', 'dr2', 'enk']);
    });

    it('empties on clear', async () => {
      await store.clear();
      expect(await store.count()).toBe(0);
      await store.init(embedder.id, embedder.dimensions);
      expect(await store.search(await query('budget'))).toEqual([]);
    });
  });
}

describe('embedded store: rankings kept between queries', () => {
  it('filters a kept ranking as a fresh store ranks, and forgets it when another connection writes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'namndkoll-kept-'));
    const first = openDatabase(dir);
    const second = openDatabase(dir);
    try {
      const store = new EmbeddedStore(first);
      await store.init(embedder.id, embedder.dimensions);
      await store.upsert(await indexed(CHUNKS));
      // Dense ranking of the lexical candidates only, so that a chunk is found by the lexical rankings or not at all.
      const q = await query('budget mnkr nämnden', { dense: 'rerank' });
      const filter = { documentId: ['vp2024', 'enk'] };
      await store.search(q);
      const kept = await store.search({ ...q, filter });
      const other = new EmbeddedStore(second);
      expect(kept.length).toBeGreaterThan(0);
      expect(kept).toEqual(await other.search({ ...q, filter }));

      const added = chunk('enk', 2, 'Nämndens budget är 12 mnkr.', { municipality: 'Enköping', documentType: 'nämndplan' });
      await other.upsert(await indexed([added]));
      expect((await store.search(q)).map((h) => h.chunk.id)).toContain(added.id);
      expect((await store.search({ ...q, filter })).map((h) => h.chunk.id)).toContain(added.id);

      // A chunk written apart from the rest of its document: the document no longer spans one rowid range, and a
      // filter on it (or on what the document table says of it) still ranks as a fresh store does.
      const late = chunk('vp2024', 9, 'Nämndens budget för lokaler är 2 mnkr.');
      await other.upsert(await indexed([late]));
      await store.search(q);
      for (const f of [filter, { municipality: ['Enköping'] }, { documentType: ['nämndplan' as const] }]) {
        const found = await store.search({ ...q, filter: f });
        expect(found).toEqual(await new EmbeddedStore(second).search({ ...q, filter: f }));
      }
      expect((await store.search({ ...q, filter })).map((h) => h.chunk.id)).toContain(late.id);
    } finally {
      first.close();
      second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
