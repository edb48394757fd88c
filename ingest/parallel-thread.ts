// A parser thread: parses the files ingest/parallel.ts sends it, one at a time, and posts back documents, progress
// events and errors. Loaded by parallel-worker.mjs, which has loaded pdf.js already.
import { parentPort } from 'node:worker_threads';
import { hasPagesForOcr, type ThreadReply, type ThreadRequest } from './parallel.ts';
import { parsePdf, type ParseOptions } from './parse.ts';
import { IngestError } from './pdf/errors.ts';

const port = parentPort!;
port.postMessage({ id: 0, type: 'ready' } satisfies ThreadReply);
let queue = Promise.resolve();
port.on('message', (req: ThreadRequest) => {
  queue = queue.then(() => handle(req));
});

async function handle(req: ThreadRequest): Promise<void> {
  const reply = (r: ThreadReply) => port.postMessage(r);
  const options: ParseOptions = {
    ignoreTags: req.ignoreTags,
    noOcr: req.ocr !== 'run',
    // A file parsed again for OCR has sent its 'read' events already.
    onProgress: (event) => {
      if (req.ocr !== 'run' || event.stage === 'ocr') reply({ id: req.id, type: 'progress', event });
    },
  };
  try {
    const doc = await parsePdf(req.file, options);
    reply(req.ocr === 'ask' && hasPagesForOcr(doc) ? { id: req.id, type: 'needs-ocr' } : { id: req.id, type: 'done', doc });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const ingest = e instanceof IngestError ? e : null;
    reply({
      id: req.id,
      type: 'failed',
      error: {
        name: e.name,
        message: e.message,
        stack: e.stack ?? null,
        ingest: ingest ? { file: ingest.file, problem: ingest.problem, page: ingest.page } : null,
      },
    });
  }
}
