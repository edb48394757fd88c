import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { respond } from '../../app/conversation.ts';
import { SlackMessageEvent, type SlackFile } from '../../model/slack.ts';
import type { SlackContext } from '../app.ts';
import { channelAllowed, visibleDocuments, type Where } from '../guard/access.ts';
import { replyMessage } from '../reply.ts';
import { partialUpdates } from '../stream.ts';

const WORKING = '🔎 Letar i dokumenten…';
const FAILED = 'Något gick fel när jag skulle svara. Försök igen om en stund.';
const SLOW_DOWN = 'Du har ställt många frågor på kort tid. Vänta en minut och fråga igen.';

export function registerMessages(app: App, ctx: SlackContext): void {
  app.event('app_mention', async ({ event, client, context }) => {
    const e = SlackMessageEvent.safeParse(event);
    if (!e.success) return void ctx.logger.warn({ issues: e.error.issues }, 'slack: unreadable app_mention');
    const where: Where = { kind: 'channel', id: e.data.channel };
    if (!channelAllowed(ctx.access, where)) return void ctx.logger.info({ channel: e.data.channel }, 'slack: channel not on the allow-list');
    if (e.data.files?.length) await ingestFiles(client, ctx, e.data, context.botToken ?? '');
    const text = stripMentions(e.data.text);
    if (text || !e.data.files?.length) await answerInThread(client, ctx, e.data, text, where);
  });

  app.event('message', async ({ event, client, context }) => {
    const e = SlackMessageEvent.safeParse(event);
    if (!e.success) return;
    const m = e.data;
    if (m.bot_id || (m.subtype && m.subtype !== 'file_share') || !m.user) return;
    const isDm = m.channel_type === 'im';
    const where: Where = isDm ? { kind: 'dm' } : { kind: 'channel', id: m.channel };
    if (!channelAllowed(ctx.access, where)) return;
    const mentionsBot = context.botUserId ? m.text.includes(`<@${context.botUserId}>`) : false;
    // In channels a mention arrives twice (app_mention and message); the app_mention listener answers it.
    if (!isDm && mentionsBot) return;
    if (m.files?.length) {
      await ingestFiles(client, ctx, m, context.botToken ?? '');
      if (!stripMentions(m.text)) return;
    }
    const threadKey = `${m.channel}:${m.thread_ts ?? m.ts}`;
    if (isDm || (m.thread_ts && ctx.memory.threads.has(threadKey))) await answerInThread(client, ctx, m, stripMentions(m.text), where);
  });
}

async function answerInThread(client: WebClient, ctx: SlackContext, m: SlackMessageEvent, text: string, where: Where): Promise<void> {
  const threadTs = m.thread_ts ?? m.ts;
  const key = `${m.channel}:${threadTs}`;
  if (!ctx.seen.firstTime(`msg:${m.channel}:${m.ts}`)) return;
  if (m.user && !ctx.limiter.allow(m.user)) {
    await client.chat.postMessage({ channel: m.channel, thread_ts: threadTs, text: SLOW_DOWN });
    return;
  }
  const placeholder = await client.chat.postMessage({ channel: m.channel, thread_ts: threadTs, text: WORKING });
  const ts = placeholder.ts as string;
  // A model's answer appears in the placeholder as it is written; the final update below carries the blocks.
  const partial = partialUpdates(client, m.channel, ts, ctx.partialUpdateMs);
  try {
    const all = ctx.pipeline.documents();
    const documentIds = visibleDocuments(ctx.access, where, all);
    const reply = await respond(ctx.pipeline, text, { previous: ctx.memory.threads.get(key) ?? null, documentIds, onPartial: partial.push });
    await partial.close();
    const visible = documentIds ? all.filter((d) => documentIds.includes(d.id)) : all;
    const message = replyMessage(reply, visible);
    await client.chat.update({ channel: m.channel, ts, text: message.text, blocks: message.blocks });
    if (reply.type === 'answer') {
      const turn = { question: reply.question, answer: reply.answer, answerId: reply.answerId };
      ctx.memory.threads.set(key, turn);
      ctx.memory.answers.set(reply.answerId, { ...turn, channel: m.channel });
      const png = await ctx.pipeline.chart(reply.answer);
      if (png) {
        await client.files.uploadV2({
          channel_id: m.channel,
          thread_ts: threadTs,
          file: Buffer.from(png),
          filename: 'diagram.png',
          title: reply.question.slice(0, 80),
        });
      }
    }
  } catch (err) {
    ctx.logger.error({ err, channel: m.channel, ts: m.ts }, 'slack: answering failed');
    await partial.close();
    await client.chat.update({ channel: m.channel, ts, text: FAILED, blocks: [] }).catch(() => undefined);
  }
}

async function ingestFiles(client: WebClient, ctx: SlackContext, m: SlackMessageEvent, token: string): Promise<void> {
  const threadTs = m.thread_ts ?? m.ts;
  for (const file of m.files ?? []) {
    if (!isPdf(file) || !ctx.seen.firstTime(`file:${file.id}`)) continue;
    const name = file.name ?? `${file.id}.pdf`;
    const posted = await client.chat.postMessage({ channel: m.channel, thread_ts: threadTs, text: `📥 Läser in *${name}*…` });
    const ts = posted.ts as string;
    let lastUpdate = 0;
    const progress = async (message: string) => {
      // Slack rate-limits chat.update to about one call per second per channel.
      if (Date.now() - lastUpdate < 1500) return;
      lastUpdate = Date.now();
      await client.chat.update({ channel: m.channel, ts, text: `📥 ${name}: ${message}` }).catch(() => undefined);
    };
    try {
      const url = file.url_private_download ?? file.url_private;
      if (!url) throw new Error('Slack gave no download address for the file');
      const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`the download failed (HTTP ${res.status})`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const outcome = await ctx.pipeline.ingest(name, bytes, (msg) => void progress(msg));
      const d = outcome.document;
      const what = [d.committee, d.municipality, d.year].filter(Boolean).join(', ');
      const status = outcome.status === 'unchanged' ? 'fanns redan (oförändrad)' : outcome.status === 'replaced' ? 'ersatte den tidigare versionen' : 'är inläst';
      await client.chat.update({
        channel: m.channel,
        ts,
        text: `✅ *${d.title}* ${status}: ${what}; ${d.pageCount} sidor, ${d.tableCount} tabeller, ${d.figureCount} siffror${d.ocrPages ? ` (${d.ocrPages} sidor lästa med OCR)` : ''}.`,
      });
    } catch (err) {
      ctx.logger.error({ err, file: name }, 'slack: ingest failed');
      await client.chat.update({ channel: m.channel, ts, text: `⚠️ Kunde inte läsa in ${name}: ${err instanceof Error ? err.message : String(err)}` }).catch(() => undefined);
    }
  }
}

function isPdf(f: SlackFile): boolean {
  return f.filetype === 'pdf' || f.mimetype === 'application/pdf' || /\.pdf$/i.test(f.name ?? '');
}

function stripMentions(text: string): string {
  return text.replace(/<@[A-Z0-9]+>/g, '').trim();
}
