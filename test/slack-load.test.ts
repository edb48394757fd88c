// A smaller run of the load scenario of `npm run bench -- --only slack` (bench/slack-load.ts): the sample PDFs
// shared as one long PDF, a file announced as 600 MB, and mentions from ten users arriving while the long PDF is
// read. Times are the bench's business; this asserts what Slack receives.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { SAMPLE_PDF_DIR } from '../src/store/ingest-batch.ts';
import { concatenatedPdf, runSlackLoad } from '../bench/slack-load.ts';
import { sampleStore } from './helpers/sample-store.ts';

it('acknowledges and answers every mention while a long PDF is read, and refuses the 600 MB file unread', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'namndkoll-slack-load-'));
  try {
    await sampleStore(dataDir);
    const samples = (await readdir(SAMPLE_PDF_DIR)).filter((f) => f.endsWith('.pdf')).map((f) => path.join(SAMPLE_PDF_DIR, f));
    const longPdf = await concatenatedPdf(samples, 70);
    const r = await runSlackLoad({ dataDir, longPdf, mentions: 10, threads: 1, delayS: 0.5 });
    expect(r.ackStatuses).toEqual(Array(10).fill(200));
    expect(r.answered).toBe(10);
    expect(r.withFigure).toBe(10);
    expect(r.inOwnThread).toBe(10);
    expect(r.longPdfPages).toBeGreaterThanOrEqual(70);
    expect(r.largeBytesFetched).toBe(0);
    expect(r.largeRefusal).toMatch(/600 MB.*50 MB/);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
