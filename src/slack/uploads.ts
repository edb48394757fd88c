import { mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { WebClient } from '@slack/web-api';
import type { types } from '@slack/bolt';
import type { IngestOutcome } from '../app/pipeline.ts';
import type { SlackFile } from '../model/slack.ts';
import type { SlackContext } from './app.ts';
import { escapeMrkdwn } from './blocks/format.ts';
import { placeOf, uploadAllowed, type Where } from './guard/access.ts';
import { downloadToFile, TooLarge } from './download.ts';

export const RETRY_ACTION = 'namndkoll_retry_file';
export const REPLACE_ACTION = 'namndkoll_replace_document';

/**
 * Shared files waiting to be read: one at a time (the store has one writer), at most `max` waiting. Each job is
 * told its place when it is queued.
 */
export class IngestQueue {
  private waiting = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly max: number) {}

  /** Queues a job; null when the queue is full, else the job's place (1: next) and its completion. */
  add(job: () => Promise<void>): { place: number; done: Promise<void> } | null {
    if (this.waiting >= this.max) return null;
    this.waiting++;
    const place = this.waiting;
    const done = this.tail.then(async () => {
      try {
        await job();
      } finally {
        this.waiting--;
      }
    });
    this.tail = done.catch(() => undefined);
    return { place, done };
  }
}

/** One shared file: where it was shared and by whom. */
export interface SharedFile {
  file: SlackFile;
  where: Where;
  channel: string;
  threadTs: string;
  user: string;
}

/** Reads the PDFs of a message into the store, each through the queue, with its progress in the thread. */
export async function shareFiles(client: WebClient, ctx: SlackContext, shared: Omit<SharedFile, 'file'>, files: readonly SlackFile[], token: string): Promise<void> {
  for (const file of files) {
    if (!isPdf(file)) continue;
    if (!ctx.state.firstTime(`file:${file.id}`)) continue;
    await shareFile(client, ctx, { ...shared, file }, token);
  }
}

/** One file: permission, declared size, queue; the download and the ingest when its turn comes. */
export async function shareFile(client: WebClient, ctx: SlackContext, s: SharedFile, token: string): Promise<void> {
  const name = s.file.name ?? `${s.file.id}.pdf`;
  const limitMb = ctx.env.NAMNDKOLL_MAX_UPLOAD_MB;
  const say = (text: string, blocks?: types.KnownBlock[]) => client.chat.postMessage({ channel: s.channel, thread_ts: s.threadTs, text, ...(blocks ? { blocks } : {}) });
  if (!uploadAllowed(ctx.access, s.where, s.user)) {
    ctx.state.forget(`file:${s.file.id}`);
    await client.chat.postEphemeral({ channel: s.channel, user: s.user, thread_ts: s.threadTs, text: `Du kan inte lägga till dokument här, så ${escapeMrkdwn(name)} läses inte in.` });
    return;
  }
  if (s.file.size !== undefined && s.file.size > limitMb * 1024 * 1024) {
    // Refused on Slack's word for the size: not a byte is downloaded.
    await say(`⚠️ ${escapeMrkdwn(name)} är ${mb(s.file.size)} MB; största fil som läses in är ${limitMb} MB.`);
    return;
  }
  const statusTs = (await say(`📥 Tar emot *${escapeMrkdwn(name)}*…`)).ts as string;
  const queued = ctx.ingests.add(async () => {
    await client.chat.update({ channel: s.channel, ts: statusTs, text: `📥 Läser in *${escapeMrkdwn(name)}*…` }).catch(() => undefined);
    await ingestShared(client, ctx, s, name, statusTs, token);
  });
  if (!queued) {
    ctx.state.forget(`file:${s.file.id}`);
    const text = `⏳ Det finns redan ${ctx.env.NAMNDKOLL_INGEST_QUEUE} filer i kö. Försök igen om en stund.`;
    await client.chat.update({ channel: s.channel, ts: statusTs, text, blocks: retryBlocks(name, s.file.id, text) });
    return;
  }
  if (queued.place > 1) {
    await client.chat.update({ channel: s.channel, ts: statusTs, text: `⏳ *${escapeMrkdwn(name)}* står i kö för inläsning: plats ${queued.place}.` });
  }
  await queued.done.catch((err: unknown) => ctx.logger.error({ err, file: name }, 'slack: ingest job failed'));
}

async function ingestShared(client: WebClient, ctx: SlackContext, s: SharedFile, name: string, ts: string, token: string): Promise<void> {
  const update = (text: string, blocks: types.KnownBlock[] = []) => client.chat.update({ channel: s.channel, ts, text, blocks }).catch(() => undefined);
  let last = 0;
  const progress = (line: string) => {
    // Slack rate-limits chat.update to about one call per second per channel.
    if (Date.now() - last < 1500) return;
    last = Date.now();
    void update(`📥 ${escapeMrkdwn(name)}: ${escapeMrkdwn(line.replace(/^\[\d+\/\d+\] \S+ … /, ''))}`);
  };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'namndkoll-upload-'));
  try {
    const url = s.file.url_private_download ?? s.file.url_private;
    if (!url) throw new Error('Slack gav ingen adress att hämta filen från');
    const maxBytes = ctx.env.NAMNDKOLL_MAX_UPLOAD_MB * 1024 * 1024;
    const download = path.join(dir, 'download.pdf');
    const { sha256 } = await downloadToFile(url, token, download, maxBytes, ctx.env.NAMNDKOLL_DOWNLOAD_TIMEOUT_S * 1000).catch((err: unknown) => {
      if (err instanceof TooLarge) throw new Error(`filen är större än ${ctx.env.NAMNDKOLL_MAX_UPLOAD_MB} MB`);
      throw err;
    });
    const place = placeOf(s.where);
    const same = ctx.pipeline.withContent(sha256);
    if (same) {
      // The same content is the same document, whatever the file is called: it is now also seen here.
      ctx.state.recordUpload({ documentId: same, place, user: s.user, fileId: s.file.id });
      const doc = ctx.pipeline.documents([same])[0];
      await update(`✅ *${escapeMrkdwn(doc?.title ?? same)}* fanns redan (oförändrad) som \`${same}\`.`);
      return;
    }
    // A file never takes another document's place by its name alone: a new name for other content, and a button
    // for the one who shared the earlier version (or an admin) to replace it.
    const base = documentIdOf(name);
    const taken = ctx.pipeline.documents([base]).length > 0;
    const id = taken ? `${base}-${sha256.slice(0, 8)}` : base;
    const file = path.join(dir, `${id}.pdf`);
    await rm(file, { force: true });
    await rename(download, file);
    const outcome = await ctx.pipeline.ingest({ file, maxPages: ctx.env.NAMNDKOLL_MAX_PAGES }, progress);
    ctx.state.recordUpload({ documentId: outcome.document.id, place, user: s.user, fileId: s.file.id });
    const text = doneText(outcome);
    if (taken) {
      const note = `${text}\nEtt annat dokument heter redan \`${base}\`; det här sparades som \`${id}\`.`;
      await update(note, [
        { type: 'section', text: { type: 'mrkdwn', text: note } },
        {
          type: 'actions',
          elements: [{ type: 'button', action_id: REPLACE_ACTION, text: { type: 'plain_text', text: `Ersätt ${base.slice(0, 60)}` }, value: JSON.stringify({ old: base, new: id }) }],
        },
      ]);
    } else await update(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    ctx.logger.warn({ err, file: name }, 'slack: ingest failed');
    // A file that failed may be tried again: by the button, or by sharing it again.
    ctx.state.forget(`file:${s.file.id}`);
    const text = `⚠️ Kunde inte läsa in ${escapeMrkdwn(name)}: ${escapeMrkdwn(why)}`;
    await update(text, retryBlocks(name, s.file.id, text));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function retryBlocks(name: string, fileId: string, text: string): types.KnownBlock[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text } },
    { type: 'actions', elements: [{ type: 'button', action_id: RETRY_ACTION, text: { type: 'plain_text', text: `Försök igen med ${name.slice(0, 50)}` }, value: JSON.stringify({ file: fileId }) }] },
  ];
}

function doneText(outcome: IngestOutcome): string {
  const d = outcome.document;
  const what = escapeMrkdwn([d.committee, d.municipality, d.year].filter(Boolean).join(', '));
  const status = outcome.status === 'unchanged' ? 'fanns redan (oförändrad)' : outcome.status === 'replaced' ? 'ersatte den tidigare versionen' : 'är inläst';
  return `✅ *${escapeMrkdwn(d.title)}* ${status}: ${what}; ${d.pageCount} sidor, ${d.tableCount} tabeller, ${d.figureCount} siffror${d.ocrPages ? ` (${d.ocrPages} sidor lästa med OCR)` : ''}.`;
}

/** A document id from a file name: the name without `.pdf`, in characters safe in a file name. */
export function documentIdOf(name: string): string {
  const base = path.basename(name).replace(/\.pdf$/i, '').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[-.]+|-+$/g, '');
  return base.slice(0, 120) || 'dokument';
}

const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));

export function isPdf(f: SlackFile): boolean {
  return f.filetype === 'pdf' || f.mimetype === 'application/pdf' || /\.pdf$/i.test(f.name ?? '');
}
