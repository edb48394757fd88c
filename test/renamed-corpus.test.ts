// Issue 11, point 7: the same documents under other names must answer the same questions, with the names swapped in
// the questions too, with the same figures and pages. The renaming is done on the parsed document model before it is
// stored (test/helpers/rename.ts), so the store, search and answers run as they do on any ingested document.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractiveAnswerer } from '../src/answer/answerer.ts';
import { StoreKnowledge } from '../src/answer/knowledge.ts';
import { loadEnv } from '../src/config/env.ts';
import type { Answer } from '../src/model/answer.ts';
import type { ParsedDocument } from '../src/model/document.ts';
import { openSearch } from '../src/search/index.ts';
import { DocumentStore } from '../src/store/documents/store.ts';
import { rebuildIndex } from '../src/store/vector/rebuild.ts';
import { parsedCorpus, parsedFile } from './helpers/corpus.ts';
import { renameDocument, renamer, type Rename } from './helpers/rename.ts';
import { DOCS, hasShared, SHARED } from './helpers/shared.ts';
import { documentOf, generateQuestions } from '../eval/generate.ts';

const REAL_DOC = 'goteborg-stadsrevisionen-arsredogorelse-2022';

/**
 * Questions whose answer still changes with the names on the answerer of this commit: with the document named by its
 * renamed committee and kind the population row is not found (gen-78ce24128a); with the renamed committee's
 * abbreviation another row is read (gen-0596952e58). Question understanding that takes names from the store (issue 11,
 * point 1) is to fix them; each runs with `it.fails`, so the test says so when one starts to pass, and its id is then
 * to be removed here. (Ids are generated questions' ids: eval/generate.ts with its default seed.)
 */
const STILL_DIFFERENT = new Set<string>([]);

/** Per renamed document: its municipality, committee and the committee's initials, each to another real name. */
const RENAMES: Record<string, Rename[]> = {
  [DOCS.vp2024]: [
    { from: 'Örebro', to: 'Västerås' },
    { from: 'Socialnämnd', to: 'Vård- och omsorgsnämnd' },
    { from: 'SN', to: 'VON', abbreviation: true },
  ],
  [REAL_DOC]: [
    { from: 'Göteborg', to: 'Linköping' },
    { from: 'Stadsrevision', to: 'Kommunrevision' },
    { from: 'SR', to: 'KR', abbreviation: true },
  ],
};

interface Question {
  id: string;
  type: string;
  question: string;
  evidence?: { doc: string }[];
}

/** The shared dev and real questions whose evidence lies in one renamed document. */
function questions(): { q: Question; doc: string }[] {
  const out: { q: Question; doc: string }[] = [];
  for (const file of ['eval/dev.jsonl', 'eval/real.jsonl']) {
    for (const line of readFileSync(path.join(SHARED, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const q = JSON.parse(line) as Question;
      const docs = new Set((q.evidence ?? []).map((e) => e.doc));
      if (docs.size === 1 && RENAMES[[...docs][0]!]) out.push({ q, doc: [...docs][0]! });
    }
  }
  return out;
}

async function storeOf(docs: ParsedDocument[]): Promise<{ answerer: ExtractiveAnswerer; close: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'namndkoll-renamed-'));
  const store = DocumentStore.open(dataDir);
  const { indexer } = await openSearch(loadEnv({ NAMNDKOLL_DATA: dataDir }), store.db);
  for (const d of docs) store.save(d);
  await rebuildIndex(store.all(), indexer);
  store.close();
  const knowledge = (await StoreKnowledge.open(loadEnv({ NAMNDKOLL_DATA: dataDir, LOG_LEVEL: 'silent' })))!;
  return {
    answerer: new ExtractiveAnswerer(knowledge),
    close: async () => {
      await knowledge.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What must not change with the names: refused or not, the figures, and the pages cited (by original document id). */
function essence(a: Answer, idOf: (doc: string) => string) {
  return {
    refused: a.refused,
    values: a.values.map((v) => v.value).sort((x, y) => x - y),
    pages: [...new Set(a.citations.map((c) => `${idOf(c.document)} p. ${c.page}`))].sort(),
  };
}

/** The renamed documents and a third one, not renamed, that shares the committee's name: names must still pick the right one. */
const DOCUMENTS: ParsedDocument[] = hasShared
  ? [
      await parsedCorpus(DOCS.vp2024, 'pdf', { noOcr: true }),
      await parsedFile(path.join(SHARED, 'corpus/real', `${REAL_DOC}.pdf`), { noOcr: true }),
      await parsedCorpus(DOCS.enkoping, 'pdf', { noOcr: true }),
    ]
  : [];

describe.skipIf(!hasShared)('renamed corpus: the same answers under other names', () => {
  let original: Awaited<ReturnType<typeof storeOf>>;
  let renamed: Awaited<ReturnType<typeof storeOf>>;
  const back = new Map<string, string>();
  // The shared questions about the renamed documents, and generated ones (which name documents by title, committee and abbreviation).
  const asked = hasShared
    ? [
        ...questions(),
        ...generateQuestions(DOCUMENTS, { perTemplate: 1 })
          .filter((g) => RENAMES[documentOf(g)])
          .map((g) => ({ q: { id: g.id, type: g.template, question: g.question }, doc: documentOf(g) })),
      ]
    : [];

  beforeAll(async () => {
    const renamedDocs = DOCUMENTS.map((d) => (RENAMES[d.document.id] ? renameDocument(d, RENAMES[d.document.id]!) : d));
    for (const [i, d] of renamedDocs.entries()) back.set(d.document.id, DOCUMENTS[i]!.document.id);
    original = await storeOf(DOCUMENTS);
    renamed = await storeOf(renamedDocs);
  }, 300_000);
  afterAll(async () => {
    await original?.close();
    await renamed?.close();
  });

  it('renames everywhere: metadata, text, tables and figures hold no old name', () => {
    const vp = renameDocument(structuredClone(EXAMPLE), RENAMES[DOCS.vp2024]!);
    expect(vp.document).toMatchObject({ id: 'vasteras-vard-och-omsorgsnamnden-verksamhetsplan-2024', municipality: 'Västerås', committee: 'Vård- och omsorgsnämnden', title: 'Vård- och omsorgsnämndens verksamhetsplan 2024' });
    expect(vp.sections[0]!.text).toBe('VÅRD- OCH OMSORGSNÄMNDEN i Västerås kommun: vård- och omsorgsnämndens budget. VON:s ram, se vasteras.se');
    expect(renamer(RENAMES[REAL_DOC]!)('Göteborgs Stads och GÖTEBORGS stadsrevisions')).toBe('Linköpings Stads och LINKÖPINGS kommunrevisions');
    expect(vp.tables[0]!.rows[0]![0]).toBe('Vård- och omsorgsnämnd');
    expect(vp.figures[0]).toMatchObject({ documentId: vp.document.id, rowLabel: ['Vård- och omsorgsnämnd'] });
  });

  it('asks questions about both renamed documents', () => {
    expect(new Set(asked.map((x) => x.doc))).toEqual(new Set(Object.keys(RENAMES)));
  });

  for (const { q, doc } of asked) {
    (STILL_DIFFERENT.has(q.id) ? it.fails : it)(`${q.id} (${q.type}): ${q.question}`, async () => {
      const swap = renamer(RENAMES[doc]!);
      const before = (await original.answerer.ask(q.question)).answer;
      const after = (await renamed.answerer.ask(swap(q.question))).answer;
      expect(essence(after, (d) => back.get(d) ?? d)).toEqual(essence(before, (d) => d));
    });
  }
});

/** A small document model with the names in every place they can be. */
const EXAMPLE: ParsedDocument = {
  document: {
    id: 'orebro-socialnamnden-verksamhetsplan-2024',
    title: 'Socialnämndens verksamhetsplan 2024',
    municipality: 'Örebro',
    committee: 'Socialnämnden',
    documentType: 'verksamhetsplan',
    year: 2024,
    period: null,
    pageCount: 1,
    sha256: '0'.repeat(64),
    tagged: true,
    fileName: 'orebro-socialnamnden-verksamhetsplan-2024.pdf',
  },
  pages: [],
  sections: [{ id: 's1', number: null, heading: 'Socialnämnden', level: 1, path: ['Socialnämnden'], pageStart: 1, pageEnd: 1, text: 'SOCIALNÄMNDEN i Örebro kommun: socialnämndens budget. SN:s ram, se orebro.se' }],
  tables: [{ id: 't1', pages: [1], caption: '', sectionId: 's1', header: [['', 'Budget 2024']], rows: [['Socialnämnd', '-663']], rowKinds: ['data'], rowPages: [1], unit: 'mnkr' }],
  figures: [{ documentId: 'orebro-socialnamnden-verksamhetsplan-2024', tableId: 't1', page: 1, row: 0, col: 1, value: -663, unit: 'mnkr', rowLabel: ['Socialnämnd'], columnLabel: ['Budget 2024'], raw: '-663', uncertain: null }],
};
