// `npm run bench -- --only slack`: the Slack bot under load (bench/slack-load.ts). Prints acknowledgement times
// (Slack retries what is not acknowledged within 3 s), answer times, answers posted, whether the 600 MB file was
// fetched, and the bot process's peak RSS (worker threads included; the Web API stand-in runs in the bench's process).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DocumentStore } from '../src/store/documents/store.ts';
import { ingestBatch, SAMPLE_PDF_DIR } from '../src/store/ingest-batch.ts';
import { openIndexer } from '../src/store/indexer.ts';
import type { BenchResult } from './result.ts';
import { concatenatedPdf, percentile, runSlackLoad } from './slack-load.ts';

const TEXT_PDFS = [
  'orebro-programnamnd-social-valfard-delarsrapport-2-2022',
  'orebro-socialnamnden-verksamhetsplan-2024',
  'orebro-socialnamnden-arsberattelse-2023',
  'orebro-socialnamnd-oster-verksamhetsplan-2016',
  'enkoping-socialnamnden-namndplan-2024',
];

export async function benchSlack(shared: string): Promise<BenchResult[]> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'namndkoll-bench-slack-'));
  try {
    const store = DocumentStore.open(dataDir);
    try {
      await ingestBatch([SAMPLE_PDF_DIR], { store, indexer: await openIndexer(store), write: () => {} });
    } finally {
      store.close();
    }
    const longPdf = await concatenatedPdf(TEXT_PDFS.map((id) => path.join(shared, 'corpus/pdf', `${id}.pdf`)), 320);
    const r = await runSlackLoad({ dataDir, longPdf, mentions: 50 });
    const n = r.acks.length;
    return [
      { name: `ack time, max (${n} mentions)`, value: Math.max(...r.acks), unit: 'ms', note: `p95 ${percentile(r.acks, 95).toFixed(0)} ms; statuses ${[...new Set(r.ackStatuses)].join(',')}` },
      { name: 'answer time, p50', value: percentile(r.answerMs, 50), unit: 'ms' },
      { name: 'answer time, p95', value: percentile(r.answerMs, 95), unit: 'ms', note: `${r.threads} answer threads` },
      { name: 'answers posted', value: r.answered, unit: `of ${n}`, note: `${r.withFigure} with the figure, ${r.inOwnThread} in their own thread` },
      { name: 'long PDF stored, pages', value: r.longPdfPages ?? Number.NaN, unit: 'pages', note: r.longPdfStatus.slice(0, 80) },
      { name: '600 MB file: bytes downloaded', value: r.largeBytesFetched, unit: 'B', note: r.largeRefusal.slice(0, 80) },
      { name: 'bot peak RSS (its process, all threads)', value: r.peakRssMb, unit: 'MB' },
      { name: 'bot main thread event-loop delay, max', value: r.loopDelayMaxMs, unit: 'ms', note: 'from the mentions until the long PDF was stored' },
    ];
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
