// The Slack bot under load, shared by `npm run bench -- --only slack` and test/slack-load.test.ts: the real Bolt
// app in HTTP mode over a store, against FakeSlack (a local server speaking Slack's Web API). A long PDF is shared,
// then a file Slack announces as 600 MB; while the long PDF is read, signed app_mention events from many users
// arrive at once.
import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { defaultAnswerThreads } from '../src/app/worker-pool.ts';
import { DocumentStore } from '../src/store/documents/store.ts';
import { eventEnvelope, FakeSlack, signedPost } from '../test/helpers/fake-slack.ts';

const SECRET = 'load-signing-secret';
const ROOT = path.resolve(import.meta.dirname, '..');
const CHANNEL = 'CLOAD';
export const LOAD_QUESTION = 'Hemvårdsnämnden – prognos 2 helår 2022 budgetavvikelse?';
/** The figure the answer must show (DR2 2022, Hemvårdsnämnden's forecast deviation). */
export const LOAD_FIGURE = /47\s?699/;

/** One PDF of at least `minPages` pages: the given PDFs one after another, again from the first until there are enough. */
export async function concatenatedPdf(files: string[], minPages: number): Promise<Buffer> {
  const out = await PDFDocument.create();
  const sources = await Promise.all(files.map(async (f) => PDFDocument.load(await readFile(f), { ignoreEncryption: true })));
  while (out.getPageCount() < minPages) {
    for (const src of sources) {
      for (const page of await out.copyPages(src, src.getPageIndices())) out.addPage(page);
      if (out.getPageCount() >= minPages) break;
    }
  }
  return Buffer.from(await out.save());
}

export interface LoadOptions {
  /** A data directory holding a store with the Delårsrapport P2 2022. */
  dataDir: string;
  longPdf: Buffer;
  mentions: number;
  /** Announced size of the large file, in bytes. */
  largeBytes?: number;
  threads?: number;
  /** Seconds after the long PDF starts being read that the mentions arrive. */
  delayS?: number;
  /** Where the steps of the run are told. */
  log?: (step: string) => void;
}

export interface LoadResult {
  acks: number[];
  ackStatuses: number[];
  /** Milliseconds from each mention to its answer (NaN for one not answered). */
  answerMs: number[];
  answered: number;
  withFigure: number;
  /** Answers whose thread is the mention's own. */
  inOwnThread: number;
  longPdfPages: number | null;
  longPdfStatus: string;
  largeBytesFetched: number;
  largeRefusal: string;
  peakRssMb: number;
  /** The longest the bot's main thread was held up, from the mentions until the long PDF was stored. */
  loopDelayMaxMs: number;
  threads: number;
}

export async function runSlackLoad(o: LoadOptions): Promise<LoadResult> {
  const fake = new FakeSlack();
  await fake.start();
  const threads = o.threads ?? defaultAnswerThreads();
  const log = o.log ?? (() => {});
  const bot = fork(path.join(ROOT, 'bin/run-ts.mjs'), [path.join(ROOT, 'bench/slack-bot.ts')], {
    // LOAD_BOT_PROFILE=DIR: a CPU profile of each of the bot's threads, to see where its time goes.
    execArgv: process.env.LOAD_BOT_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LOAD_BOT_PROFILE}`] : [],
    cwd: ROOT,
    env: {
      ...process.env,
      NAMNDKOLL_DATA: o.dataDir,
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      SLACK_APP_TOKEN: '',
      SLACK_ACCESS_FILE: '',
      LOG_LEVEL: 'silent',
      LOAD_THREADS: String(threads),
      LOAD_WARM_QUESTION: LOAD_QUESTION,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const fromBot = (type: string) =>
    new Promise<Record<string, number>>((resolve, reject) => {
      const onMessage = (m: { type: string }) => m.type === type && (bot.off('message', onMessage), resolve(m as unknown as Record<string, number>));
      bot.on('message', onMessage);
      bot.once('exit', (code) => reject(new Error(`the bot stopped (exit code ${code})`)));
    });
  let stopped = false;
  const stop = async () => {
    if (stopped) return { peakRss: 0, loopDelayMaxMs: 0 };
    stopped = true;
    const done = fromBot('stopped');
    bot.send({ type: 'stop' });
    const r = await done;
    return { peakRss: r.peakRss ?? 0, loopDelayMaxMs: r.loopDelayMaxMs ?? 0 };
  };
  const { port } = await fromBot('ready');
  log('bot started, answer threads warm');
  const url = `http://127.0.0.1:${port}/slack/events`;
  let seq = 0;
  const nextTs = () => `${1_900_000_000 + ++seq}.000300`;
  const post = (event: Record<string, unknown>) => signedPost(url, SECRET, eventEnvelope(event, `EvLoad${++seq}`), 'application/json');
  try {
    const long = fake.addFile('lang-handling.pdf', o.longPdf);
    const large = fake.addAnnouncedFile('stor-bilaga.pdf', o.largeBytes ?? 600 * 1024 * 1024);
    await post({ type: 'message', subtype: 'file_share', channel: 'CFILES', channel_type: 'channel', user: 'UUP1', ts: nextTs(), text: '', files: [long] });
    await post({ type: 'message', subtype: 'file_share', channel: 'CFILES', channel_type: 'channel', user: 'UUP2', ts: nextTs(), text: '', files: [large] });
    // A shared file's status message: posted naming the file, then updated (by its ts) until it says ✅ or ⚠️.
    const statusOf = (name: string) => {
      const posted = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CFILES' && String(c.args.text).includes(name));
      return fake.callsTo('chat.update').filter((c) => c.args.channel === 'CFILES' && posted.some((p) => p.ts === c.args.ts));
    };
    const postedAbout = (name: string) => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CFILES' && String(c.args.text).includes(name));
    await fake.waitFor(() => statusOf('lang-handling').some((c) => String(c.args.text).startsWith('📥 Läser in')), 120_000);
    log('long PDF being read');
    await new Promise((r) => setTimeout(r, (o.delayS ?? 1.5) * 1000));

    bot.send({ type: 'measure' });
    const mentions = Array.from({ length: o.mentions }, (_, i) => ({ user: `UL${String(i).padStart(3, '0')}`, ts: nextTs() }));
    const sentAt = new Map<string, number>();
    const acks = await Promise.all(
      mentions.map(async (m) => {
        const t0 = performance.now();
        sentAt.set(m.ts, t0);
        const res = await post({ type: 'app_mention', channel: CHANNEL, user: m.user, ts: m.ts, text: `<@${fake.botUserId}> ${LOAD_QUESTION}` });
        return { ms: performance.now() - t0, status: res.status };
      }),
    );

    log('mentions acknowledged');
    // A mention is answered when the placeholder posted in its thread is replaced by something other than "Letar…".
    const answerOf = (threadTs: string) => {
      const placeholder = fake.callsTo('chat.postMessage').find((c) => c.args.channel === CHANNEL && c.args.thread_ts === threadTs);
      if (!placeholder?.ts) return null;
      return fake.callsTo('chat.update').find((c) => c.args.channel === CHANNEL && c.args.ts === placeholder.ts && !String(c.args.text).startsWith('🔎')) ?? null;
    };
    await fake.waitFor(() => mentions.every((m) => answerOf(m.ts)), 600_000).catch(() => undefined);
    const answers = mentions.map((m) => answerOf(m.ts));
    log(`answers: ${answers.filter(Boolean).length}`);
    const text = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args.blocks ?? '') + String(c.args.text);
    const done = /✅|⚠️/;
    await fake.waitFor(() => statusOf('lang-handling').some((c) => done.test(String(c.args.text))), 900_000).catch(() => undefined);
    await fake.waitFor(() => [...statusOf('stor-bilaga'), ...postedAbout('stor-bilaga')].some((c) => done.test(String(c.args.text))), 60_000).catch(() => undefined);
    const { peakRss, loopDelayMaxMs } = await stop();
    const store = DocumentStore.openExisting(o.dataDir);
    const stored = store?.list().find((d) => d.id === 'lang-handling');
    store?.close();
    return {
      acks: acks.map((a) => a.ms),
      ackStatuses: acks.map((a) => a.status),
      answerMs: mentions.map((m, i) => (answers[i] ? answers[i]!.at - sentAt.get(m.ts)! : Number.NaN)),
      answered: answers.filter(Boolean).length,
      withFigure: answers.filter((a) => a && LOAD_FIGURE.test(text(a))).length,
      inOwnThread: mentions.filter((m) => {
        const p = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL && c.args.thread_ts === m.ts);
        return p.length === 1 && answerOf(m.ts) !== null;
      }).length,
      longPdfPages: stored?.pageCount ?? null,
      longPdfStatus: String(statusOf('lang-handling').at(-1)?.args.text ?? ''),
      largeBytesFetched: fake.served.get(large.id) ?? 0,
      largeRefusal: String([...postedAbout('stor-bilaga'), ...statusOf('stor-bilaga')].at(-1)?.args.text ?? ''),
      peakRssMb: peakRss / (1024 * 1024),
      loopDelayMaxMs,
      threads,
    };
  } finally {
    await stop().catch(() => 0);
    await fake.stop();
  }
}

export function percentile(values: number[], p: number): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return Number.NaN;
  return v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)]!;
}
