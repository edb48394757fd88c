import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../src/model/document.ts';
import { migrate } from '../src/store/database.ts';
import { DocumentStore } from '../src/store/documents/store.ts';
import type { DocumentIndexer } from '../src/store/indexer.ts';
import { ingestBatch, SAMPLE_PDF_DIR } from '../src/store/ingest-batch.ts';
import { fixture, tempDir } from './helpers/store.ts';

const ROOT = path.join(import.meta.dirname, '..');

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/namndkoll.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a batch with the progress lines collected. */
async function ingest(paths: string[], store: DocumentStore, options: Partial<Parameters<typeof ingestBatch>[1]> = {}) {
  const lines: string[] = [];
  const result = await ingestBatch(paths, { store, write: (l) => lines.push(l), noOcr: true, ...options });
  return { result, lines };
}

describe('ingest', () => {
  it('walks folders, stores each PDF and prints a line per file and a summary', async () => {
    const src = tempDir();
    mkdirSync(path.join(src, 'sub'));
    copyFileSync(fixture('enkoping-p1-3.pdf'), path.join(src, 'a.pdf'));
    copyFileSync(fixture('orebro-vp2024-p2-3.pdf'), path.join(src, 'sub', 'b.PDF'));
    copyFileSync(fixture('not-a-pdf.pdf'), path.join(src, 'notes.txt'));
    const store = DocumentStore.open(tempDir());
    const { result, lines } = await ingest([src], store);
    expect(result).toMatchObject({ added: 2, replaced: 0, unchanged: 0, failed: 0 });
    expect(lines[0]).toMatch(/^\[1\/2\] .*a\.pdf … added \(3 pages, \d+ tables?\)$/);
    expect(lines[1]).toMatch(/^\[2\/2\] .*b\.PDF … added \(2 pages, \d+ tables?\)$/);
    expect(lines.at(-1)).toBe('done: 2 files: 2 added, 0 replaced, 0 unchanged, 0 failed');
    expect(store.list().map((d) => d.id)).toEqual(['a', 'b']);
    expect(store.list()[0]!.sourcePath).toBe(path.join(src, 'a.pdf'));
    store.close();
  });

  it('does nothing for an unchanged file and replaces a changed one whole', async () => {
    const src = tempDir();
    const file = path.join(src, 'namndplan.pdf');
    copyFileSync(fixture('enkoping-p1-3.pdf'), file);
    const store = DocumentStore.open(tempDir());

    expect((await ingest([file], store)).result.added).toBe(1);
    const first = store.summary('namndplan')!;

    const again = await ingest([file], store);
    expect(again.result).toMatchObject({ added: 0, replaced: 0, unchanged: 1, failed: 0 });
    expect(again.lines[0]).toMatch(/… unchanged \(3 pages/);
    expect(store.summary('namndplan')!.ingestedAt).toBe(first.ingestedAt);

    // The same file name, other content: a new version of the document.
    copyFileSync(fixture('enkoping-p4-5.pdf'), file);
    const changed = await ingest([file], store);
    expect(changed.result).toMatchObject({ added: 0, replaced: 1, unchanged: 0, failed: 0 });
    const now = store.get('namndplan')!;
    expect(now.document.sha256).not.toBe(first.sha256);
    expect(now.document.pageCount).toBe(2);
    expect(now.pages.map((p) => p.number)).toEqual([1, 2]);
    expect(store.db.prepare(`SELECT count(*) FROM pages WHERE document_id = 'namndplan'`).pluck().get()).toBe(2);

    // --force re-parses an unchanged file.
    expect((await ingest([file], store, { force: true })).result.replaced).toBe(1);
    store.close();
  });

  it('indexes each document inside its transaction, and a failing index stores nothing of that document', async () => {
    const store = DocumentStore.open(tempDir());
    migrate(store.db, { owner: 'probe-index', steps: ['CREATE TABLE probe_index (document_id TEXT PRIMARY KEY)'] });
    const calls: string[] = [];
    const indexer: DocumentIndexer = {
      async indexDocument(doc: ParsedDocument) {
        calls.push(`index ${doc.document.id}`);
        store.db.prepare('INSERT OR REPLACE INTO probe_index VALUES (?)').run(doc.document.id);
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (doc.document.id === 'orebro-vp2024-p2-3') throw new Error('the embedder is unreachable');
      },
      removeDocument(id: string) {
        calls.push(`remove ${id}`);
        store.db.prepare('DELETE FROM probe_index WHERE document_id = ?').run(id);
      },
    };
    const { result, lines } = await ingest([fixture('enkoping-p1-3.pdf'), fixture('orebro-vp2024-p2-3.pdf')], store, { indexer });
    expect(result).toMatchObject({ added: 1, failed: 1 });
    expect(lines[1]).toMatch(/orebro-vp2024-p2-3\.pdf … failed: cannot be ingested: the embedder is unreachable$/);
    expect(store.list().map((d) => d.id)).toEqual(['enkoping-p1-3']);
    expect(store.db.prepare('SELECT document_id FROM probe_index').pluck().all()).toEqual(['enkoping-p1-3']);

    await ingest([fixture('enkoping-p1-3.pdf')], store, { indexer, force: true });
    // A replaced document is indexed again, which replaces its chunks (Qdrant writes the new ones before removing the old).
    expect(calls).toEqual(['index enkoping-p1-3', 'index orebro-vp2024-p2-3', 'index enkoping-p1-3']);
    store.close();
  });

  it('stops before the next file when aborted, keeping what was committed', async () => {
    const store = DocumentStore.open(tempDir());
    const controller = new AbortController();
    const lines: string[] = [];
    const result = await ingestBatch([fixture('enkoping-p1-3.pdf'), fixture('enkoping-p4-5.pdf')], {
      store,
      noOcr: true,
      signal: controller.signal,
      write: (l) => {
        lines.push(l);
        if (l.includes('added')) controller.abort();
      },
    });
    expect(result).toMatchObject({ added: 1, interrupted: true });
    expect(lines.at(-1)).toMatch(/^interrupted after 1 file: 1 added/);
    expect(store.list().map((d) => d.id)).toEqual(['enkoping-p1-3']);
    store.close();
  });
});

describe('the ingest, list and remove commands', () => {
  it('ingest --data DIR --json, list --json, remove ID', () => {
    const data = tempDir();
    const ingested = cli(['ingest', '--data', data, '--json', '--no-ocr', fixture('enkoping-p1-3.pdf'), fixture('enkoping-p4-5.pdf')]);
    expect(ingested.stderr).toMatch(/\[2\/2\] .*enkoping-p4-5\.pdf … added \(2 pages/);
    expect(ingested.code).toBe(0);
    expect(JSON.parse(ingested.stdout)).toMatchObject({ dataDir: data, added: 2, failed: 0 });
    expect(statSync(path.join(data, 'namndkoll.sqlite')).isFile()).toBe(true);

    const listed = cli(['list', '--data', data, '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((d: { id: string }) => d.id)).toEqual(['enkoping-p1-3', 'enkoping-p4-5']);
    expect(cli(['list', '--data', data]).stdout).toMatch(/enkoping-p1-3\n.*\n.*\n {2}3 pages \(3 text-layer\)/);

    const removed = cli(['remove', '--data', data, 'enkoping-p1-3']);
    expect(removed).toMatchObject({ code: 0, stderr: 'enkoping-p1-3: removed\n' });
    expect(cli(['remove', '--data', data, 'enkoping-p1-3']).code).toBe(1);
    expect(JSON.parse(cli(['list', '--data', data, '--json']).stdout)).toHaveLength(1);
  });

  it('uses NAMNDKOLL_DATA when --data is not given', () => {
    const data = tempDir();
    const r = cli(['ingest', '--no-ocr', fixture('enkoping-p4-5.pdf')], { NAMNDKOLL_DATA: data });
    expect(r.code).toBe(0);
    expect(readdirSync(data)).toContain('namndkoll.sqlite');
    expect(cli(['list'], { NAMNDKOLL_DATA: data }).stdout).toContain('enkoping-p4-5');
  });

  it('list on an empty data directory says so without creating a database', () => {
    const data = path.join(tempDir(), 'nothing-here');
    const r = cli(['list', '--data', data]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^No documents stored/);
    expect(existsSync(data)).toBe(false);
  });
});

describe('the sample corpus', () => {
  it('ships a few small PDFs that ingest cleanly', async () => {
    const files = readdirSync(SAMPLE_PDF_DIR).filter((f) => f.endsWith('.pdf'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const total = files.reduce((sum, f) => sum + statSync(path.join(SAMPLE_PDF_DIR, f)).size, 0);
    expect(total).toBeLessThan(2_000_000);
    const store = DocumentStore.open(tempDir());
    const { result } = await ingest([SAMPLE_PDF_DIR], store);
    expect(result).toMatchObject({ added: files.length, failed: 0 });
    store.close();
  });
});
