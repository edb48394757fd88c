// A pool thread: answers questions (role 'answer') or writes to the store (role 'ingest') for the main thread,
// which only speaks Slack. Loaded by worker.mjs.
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Env } from '../config/env.ts';
import { AnswerService } from './answer-service.ts';
import { IngestService } from './ingest-service.ts';
import type { PoolReply, PoolRequest, PoolRole } from './worker-pool.ts';

const port = parentPort!;
const { env, role } = workerData as { env: Env; role: PoolRole };
// On Linux a thread's nice value is its own: these threads yield the cores to the main thread, which must
// acknowledge Slack within three seconds, and the reading of a long PDF yields to answers.
try {
  os.setPriority(Math.min(19, os.getPriority() + (role === 'ingest' ? 10 : 5)));
} catch {
  // Not permitted here (or not Linux): the threads run at the process's priority.
}
const answers = role === 'answer' ? new AnswerService(env) : null;
const writer = role === 'ingest' ? new IngestService(env.NAMNDKOLL_DATA) : null;
// The writer takes one file at a time: a second waits for the first (SQLite has one writer per store).
let writes: Promise<unknown> = Promise.resolve();

const reply = (r: PoolReply, transfer: ArrayBuffer[] = []) => port.postMessage(r, transfer);

port.on('message', (req: PoolRequest) => {
  void handle(req).catch((err: unknown) => {
    if ('id' in req) reply({ id: req.id, type: 'failed', message: err instanceof Error ? err.message : String(err) });
  });
});
reply({ type: 'ready' });
void answers?.warm().catch(() => undefined);

async function handle(req: PoolRequest): Promise<void> {
  switch (req.type) {
    case 'ask': {
      const onPartial = req.partial ? (text: string) => reply({ id: req.id, type: 'partial', text }) : undefined;
      const done = await answers!.ask(req.question, { ...req.options, onPartial });
      const chart = done.chart ? Uint8Array.from(done.chart) : null;
      return reply({ id: req.id, type: 'done', value: { answer: done.answer, chart } }, chart ? [chart.buffer as ArrayBuffer] : []);
    }
    case 'reopen':
      await answers?.reopen();
      return void answers?.warm().catch(() => undefined);
    case 'ingest': {
      const job = writes.then(() => writer!.ingest(req.request, (line) => reply({ id: req.id, type: 'progress', line })));
      writes = job.catch(() => undefined);
      return reply({ id: req.id, type: 'done', value: await job });
    }
    case 'remove': {
      const job = writes.then(() => writer!.remove(req.documentId));
      writes = job.catch(() => undefined);
      return reply({ id: req.id, type: 'done', value: await job });
    }
    case 'close':
      await answers?.close();
      writer?.close();
      return reply({ type: 'closed' });
  }
}
