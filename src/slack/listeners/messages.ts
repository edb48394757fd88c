import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { respond } from '../../app/conversation.ts';
import { SlackMessageEvent } from '../../model/slack.ts';
import type { SlackContext } from '../app.ts';
import { channelAllowed, type Where } from '../guard/access.ts';
import { readable, showable } from '../guard/showing.ts';
import { replyMessage } from '../reply.ts';
import { partialUpdates } from '../stream.ts';
import { shareFiles } from '../uploads.ts';

const WORKING = '🔎 Letar i dokumenten…';
const FAILED = 'Något gick fel när jag skulle svara. Försök igen om en stund.';
const SLOW_DOWN = 'Du har ställt många frågor på kort tid. Vänta en minut och fråga igen.';
export const NOTHING_HERE = 'Här finns inga dokument som jag får visa. (Vilka kanaler som ser vilka dokument står i åtkomstfilen.)';

export function registerMessages(app: App, ctx: SlackContext): void {
  app.event('app_mention', async ({ event, client, context }) => {
    const e = SlackMessageEvent.safeParse(event);
    if (!e.success) return void ctx.logger.warn({ issues: e.error.issues }, 'slack: unreadable app_mention');
    const m = e.data;
    const where: Where = { kind: 'channel', id: m.channel };
    if (!channelAllowed(ctx.access, where)) return void ctx.logger.info({ channel: m.channel }, 'slack: channel not on the allow-list');
    if (m.files?.length) await shareFiles(client, ctx, { where, channel: m.channel, threadTs: m.thread_ts ?? m.ts, user: m.user ?? '' }, m.files, context.botToken ?? '');
    const text = stripMentions(m.text);
    if (text || !m.files?.length) await answerInThread(client, ctx, m, text, where);
  });

  app.event('message', async ({ event, client, context }) => {
    const e = SlackMessageEvent.safeParse(event);
    if (!e.success) return;
    const m = e.data;
    if (m.bot_id || (m.subtype && m.subtype !== 'file_share') || !m.user) return;
    const isDm = m.channel_type === 'im';
    const where: Where = isDm ? { kind: 'dm', user: m.user } : { kind: 'channel', id: m.channel };
    if (!channelAllowed(ctx.access, where)) return;
    const mentionsBot = context.botUserId ? m.text.includes(`<@${context.botUserId}>`) : false;
    // In channels a mention arrives twice (app_mention and message); the app_mention listener answers it.
    if (!isDm && mentionsBot) return;
    if (m.files?.length) {
      await shareFiles(client, ctx, { where, channel: m.channel, threadTs: m.thread_ts ?? m.ts, user: m.user }, m.files, context.botToken ?? '');
      if (!stripMentions(m.text)) return;
    }
    const threadKey = `${m.channel}:${m.thread_ts ?? m.ts}`;
    if (isDm || (m.thread_ts && ctx.memory.threads.has(threadKey))) await answerInThread(client, ctx, m, stripMentions(m.text), where);
  });
}

async function answerInThread(client: WebClient, ctx: SlackContext, m: SlackMessageEvent, text: string, where: Where): Promise<void> {
  const threadTs = m.thread_ts ?? m.ts;
  const key = `${m.channel}:${threadTs}`;
  if (!ctx.state.firstTime(`msg:${m.channel}:${m.ts}`)) return;
  if (m.user && !ctx.limiter.allow(m.user)) {
    await client.chat.postMessage({ channel: m.channel, thread_ts: threadTs, text: SLOW_DOWN });
    return;
  }
  const placeholder = await client.chat.postMessage({ channel: m.channel, thread_ts: threadTs, text: WORKING });
  const ts = placeholder.ts as string;
  // A model's answer appears in the placeholder as it is written; the final update below carries the blocks.
  const partial = partialUpdates(client, m.channel, ts, ctx.partialUpdateMs);
  try {
    const documentIds = readable(ctx, where);
    if (documentIds?.length === 0) {
      await partial.close();
      await client.chat.update({ channel: m.channel, ts, text: NOTHING_HERE, blocks: [] });
      return;
    }
    const reply = await respond(ctx.pipeline, text, { previous: ctx.memory.threads.get(key) ?? null, documentIds, onPartial: partial.push });
    await partial.close();
    // Rights are checked again now, at the moment of showing: the store or the access rules may have changed.
    const visible = showable(ctx, where, reply);
    if (!visible) {
      await client.chat.update({ channel: m.channel, ts, text: NOTHING_HERE, blocks: [] });
      return;
    }
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

function stripMentions(text: string): string {
  return text.replace(/<@[A-Z0-9]+>/g, '').trim();
}
