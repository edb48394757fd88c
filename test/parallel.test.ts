import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasPagesForOcr, parseMany } from '../ingest/parallel.ts';
import { parsePdf } from '../ingest/parse.ts';
import { IngestError } from '../ingest/pdf/errors.ts';
import { parsedFile } from './helpers/corpus.ts';
import { DOCS, corpusPdf, hasPdfs, hasShared } from './helpers/shared.ts';
import { fixture } from './helpers/store.ts';

describe('parseMany on corpus PDFs', () => {
  it.skipIf(!hasPdfs(DOCS.enkoping, DOCS.vp2024))('gives, in worker threads, the documents parsePdf gives, in the order of the files', async () => {
    const files = [corpusPdf(DOCS.enkoping), corpusPdf(DOCS.vp2024)];
    const results = await parseMany(files, { noOcr: true, threads: 2 });
    expect(results.map((r) => r.file)).toEqual(files);
    for (const [i, file] of files.entries()) {
      expect(results[i]!.error).toBeNull();
      expect(results[i]!.doc).toEqual(await parsedFile(file, { noOcr: true }));
    }
  });

  it.skipIf(!hasPdfs(DOCS.enkopingScan, DOCS.enkoping))('tells a scan parsed without OCR (sent to OCR one file at a time) from a text PDF', async () => {
    expect(hasPagesForOcr(await parsedFile(corpusPdf(DOCS.enkopingScan), { noOcr: true }))).toBe(true);
    expect(hasPagesForOcr(await parsedFile(corpusPdf(DOCS.enkoping), { noOcr: true }))).toBe(false);
    expect(hasPagesForOcr(await parsePdf(fixture('broken-page.pdf'), { noOcr: true }))).toBe(false);
  });
});

describe('parseMany with a broken file among good ones', () => {
  // test/fixtures/README.md says how each fixture was made.
  const files = [fixture('enkoping-p1-3.pdf'), fixture('truncated.pdf'), fixture('broken-page.pdf'), fixture('orebro-vp2024-p2-3.pdf')];

  for (const threads of [2, 0]) {
    it(`reports the broken file as an error naming it and parses the others (${threads ? `${threads} threads` : 'this thread'})`, async () => {
      const pages = new Map<string, number[]>();
      const results = await parseMany(files, {
        noOcr: true,
        threads,
        onProgress: (file, e) => pages.set(path.basename(file), [...(pages.get(path.basename(file)) ?? []), e.page]),
      });
      expect(results.map((r) => path.basename(r.file))).toEqual(files.map((f) => path.basename(f)));

      const truncated = results[1]!;
      expect(truncated.doc).toBeNull();
      expect(truncated.error).toBeInstanceOf(IngestError);
      expect(truncated.error).toMatchObject({ file: 'truncated.pdf', problem: expect.stringMatching(/truncated/) });

      // A page that cannot be read fails alone; the file is still parsed.
      expect(results[2]!.doc?.pages.map((p) => p.status)).toEqual(['ok', 'failed', 'ok']);

      for (const i of [0, 2, 3]) expect(results[i]!.doc).toEqual(await parsePdf(files[i]!, { noOcr: true }));
      expect(pages.get('enkoping-p1-3.pdf')).toEqual([1, 2, 3]);
    });
  }
});
