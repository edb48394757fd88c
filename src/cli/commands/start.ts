import { z } from 'zod';
import { createPipeline } from '../../app/create-pipeline.ts';
import { defaultAnswerThreads } from '../../app/worker-pool.ts';
import { loadEnv } from '../../config/env.ts';
import { logger } from '../../log/logger.ts';
import { readAccess } from '../../slack/access-file.ts';
import { createSlackApp, slackMode } from '../../slack/app.ts';
import { DocumentStore } from '../../store/documents/store.ts';
import { ingestBatch, SAMPLE_PDF_DIR } from '../../store/ingest-batch.ts';
import { openIndexer } from '../../store/indexer.ts';
import { parseCommandArgs } from '../args.ts';
import { runChat } from '../chat/repl.ts';

const Args = z.object({ data: z.string().optional(), positionals: z.array(z.string()).max(0) });

/**
 * The main job. With Slack tokens: the bot (Socket Mode with an app token, HTTP with a signing secret). Without:
 * ingest the sample corpus if the store is empty, then a chat in the terminal over the same pipeline.
 */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { data: { type: 'string' } }, Args, 'start [--data DIR]');
  const env = loadEnv(args.data ? { ...process.env, NAMNDKOLL_DATA: args.data } : process.env);
  const mode = slackMode(env);
  if (mode) {
    const access = readAccess(env.SLACK_ACCESS_FILE);
    // Answering and ingest in worker threads: this thread only speaks Slack, so it acknowledges within 3 s.
    const pipeline = await createPipeline(env, { threads: env.NAMNDKOLL_THREADS ?? defaultAnswerThreads() });
    const app = createSlackApp(env, { pipeline, access, logger });
    if (mode === 'http') await app.start(env.PORT);
    else await app.start();
    logger.info({ mode, port: mode === 'http' ? env.PORT : undefined }, 'Nämndkoll is connected to Slack');
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await app.stop();
    await pipeline.close();
    app.closeState();
    return 0;
  }

  await ingestSamplesIfEmpty(env.NAMNDKOLL_DATA);
  const pipeline = await createPipeline(env);
  try {
    await runChat(pipeline, process.stdin, process.stdout);
  } finally {
    await pipeline.close();
  }
  return 0;
}

async function ingestSamplesIfEmpty(dataDir: string): Promise<void> {
  const store = DocumentStore.open(dataDir);
  try {
    if (store.list().length > 0) return;
    process.stderr.write(`No documents in ${dataDir} yet: reading the sample corpus (${SAMPLE_PDF_DIR}).\n`);
    const indexer = await openIndexer(store);
    await ingestBatch([SAMPLE_PDF_DIR], { store, indexer });
  } finally {
    store.close();
  }
}
