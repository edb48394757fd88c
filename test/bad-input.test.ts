import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentStore } from '../src/store/documents/store.ts';
import { ingestBatch } from '../src/store/ingest-batch.ts';
import { fixture, tempDir } from './helpers/store.ts';

// Each fixture and how it was made is described in test/fixtures/README.md.
const BAD: [file: string, problem: RegExp][] = [
  ['corrupt.pdf', /not a valid PDF|corrupt/],
  ['truncated.pdf', /not a valid PDF|truncated/],
  ['password.pdf', /password-protected/],
  ['empty.pdf', /the file is empty/],
  ['zero-pages.pdf', /has no pages/],
  ['not-a-pdf.pdf', /not a PDF/],
];

async function ingest(paths: string[]) {
  const store = DocumentStore.open(tempDir());
  const lines: string[] = [];
  const result = await ingestBatch(paths, { store, noOcr: true, write: (l) => lines.push(l) });
  return { store, result, lines };
}

describe('bad input', () => {
  for (const [file, problem] of BAD) {
    it(`${file}: one line naming the file and the problem; nothing stored`, async () => {
      const { store, result, lines } = await ingest([fixture(file)]);
      expect(result.failed).toBe(1);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toContain(file);
      expect(lines[0]).toMatch(/… failed: /);
      expect(lines[0]).toMatch(problem);
      expect(result.files[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(problem) });
      expect(store.list()).toEqual([]);
      store.close();
    });
  }

  it('the rest of a batch goes on past bad files', async () => {
    const files = [fixture('enkoping-p1-3.pdf'), ...BAD.map(([f]) => fixture(f)), fixture('enkoping-p4-5.pdf')];
    const { store, result, lines } = await ingest(files);
    expect(result).toMatchObject({ added: 2, failed: BAD.length });
    expect(lines).toHaveLength(files.length + 1);
    expect(lines.at(-1)).toBe(
      `done: 8 files: 2 added, 0 replaced, 0 unchanged, 6 failed (${BAD.map(([f]) => f).join(', ')})`,
    );
    expect(store.list().map((d) => d.id)).toEqual(['enkoping-p1-3', 'enkoping-p4-5']);
    store.close();
  });

  it('a missing path or a folder without PDFs is reported as a failure', async () => {
    const empty = path.join(tempDir(), 'empty-folder');
    mkdirSync(empty);
    const missing = path.join(tempDir(), 'no-such.pdf');
    const { result, lines } = await ingest([missing, empty]);
    expect(result.failed).toBe(2);
    expect(lines[0]).toBe(`${missing}: no such file or folder`);
    expect(lines[1]).toBe(`${empty}: the folder holds no PDF files`);
  });

  it('a page that throws is marked failed with the reason; the rest of the document is stored', async () => {
    const { store, result, lines } = await ingest([fixture('broken-page.pdf')]);
    expect(result).toMatchObject({ added: 1, failed: 0 });
    expect(lines[0]).toMatch(/broken-page\.pdf … added \(3 pages, \d+ tables?; page 2 failed: Page dictionary kid reference points to wrong type of object\.\)/);
    const doc = store.get('broken-page')!;
    expect(doc.pages.map((p) => [p.number, p.status])).toEqual([[1, 'ok'], [2, 'failed'], [3, 'ok']]);
    expect(doc.pages[1]!.problem).toMatch(/wrong type of object/);
    expect(store.list()[0]!.failedPages).toEqual([{ page: 2, problem: doc.pages[1]!.problem }]);
    store.close();
  });

  it('the command exits non-zero when any file failed, and zero otherwise', () => {
    const run = (...files: string[]) =>
      spawnSync(process.execPath, ['bin/namndkoll.mjs', 'ingest', '--data', tempDir(), '--no-ocr', ...files], {
        cwd: path.join(import.meta.dirname, '..'),
        encoding: 'utf8',
        env: { ...process.env, LOG_LEVEL: 'silent' },
      });
    const bad = run(fixture('enkoping-p4-5.pdf'), fixture('password.pdf'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/\[2\/2\] .*password\.pdf … failed: the PDF is password-protected\n/);
    expect(run(fixture('enkoping-p4-5.pdf'), fixture('broken-page.pdf')).status).toBe(0);
  });
});
