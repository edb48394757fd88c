import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { FeedbackValue, SlackFile } from '../../model/slack.ts';
import type { SlackContext } from '../app.ts';
import { FEEDBACK_ACTION, SHOW_SOURCE_ACTION } from '../blocks/answer.ts';
import { escapeMrkdwn, truncate } from '../blocks/format.ts';
import { tableBlocks } from '../blocks/misc.ts';
import type { Where } from '../guard/access.ts';
import { readable } from '../guard/showing.ts';
import { REPLACE_ACTION, RETRY_ACTION, shareFile } from '../uploads.ts';

const SourceValue = z.object({ document: z.string(), page: z.number().int().positive(), quote: z.string().default('') });
const RetryValue = z.object({ file: z.string() });
const ReplaceValue = z.object({ old: z.string(), new: z.string() });

const NOT_HERE = 'Källan hör till ett dokument som inte får visas här.';

export function registerActions(app: App, ctx: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${FEEDBACK_ACTION}_(up|down)$`), async ({ ack, body, action, client }) => {
    await ack();
    const value = FeedbackValue.safeParse(safeJson(action.value));
    if (!value.success) return;
    const turn = ctx.memory.answers.get(value.data.answerId);
    const channel = body.channel?.id ?? turn?.channel ?? '';
    ctx.pipeline.saveFeedback({
      answerId: value.data.answerId,
      rating: value.data.rating,
      user: body.user.id,
      channel,
      question: turn?.question ?? '',
      answer: turn?.answer.answer ?? '',
      sources: (turn?.answer.citations ?? []).map((c) => ({ document: c.document, page: c.page, quote: c.quote })),
      at: new Date().toISOString(),
    });
    if (channel) {
      await client.chat
        .postEphemeral({ channel, user: body.user.id, text: value.data.rating === 'up' ? 'Tack! 👍' : 'Tack, vi tittar på svaret. 👎' })
        .catch((err) => ctx.logger.warn({ err }, 'slack: feedback acknowledgement failed'));
    }
  });

  // "Visa källan": shown only to the one who clicked, and only when the document may be read where they clicked.
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${SHOW_SOURCE_ACTION}_\\d+$`), async ({ ack, body, action, client }) => {
    await ack();
    const value = SourceValue.safeParse(safeJson(action.value));
    const channel = body.channel?.id;
    if (!value.success || !channel) return;
    const threadTs = (body.message as { thread_ts?: string; ts?: string } | undefined)?.thread_ts ?? body.message?.ts;
    const { document, page, quote } = value.data;
    const ids = readable(ctx, whereOf(channel, body.user.id));
    const say = (text: string, blocks?: ReturnType<typeof tableBlocks>) =>
      client.chat.postEphemeral({ channel, user: body.user.id, ...(threadTs ? { thread_ts: threadTs } : {}), text, ...(blocks ? { blocks } : {}) });
    if ((ids && !ids.includes(document)) || ctx.pipeline.documents([document]).length === 0) return void (await say(NOT_HERE));
    const table = ctx.pipeline.table(document, page, quote);
    const title = ctx.pipeline.documents([document])[0]?.title ?? document;
    const blocks = table
      ? tableBlocks(title, table)
      : [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: `*${escapeMrkdwn(title)}*, s. ${page}\n> ${truncate(escapeMrkdwn(quote.replace(/\s+/g, ' ')), 2800)}` } }];
    await say(escapeMrkdwn(`${title}, s. ${page}`), blocks);
  });

  // A file that failed: read it again, as Slack describes it now (files.info), with every check of a new share.
  app.action<BlockAction<ButtonAction>>(RETRY_ACTION, async ({ ack, body, action, client, context }) => {
    await ack();
    const value = RetryValue.safeParse(safeJson(action.value));
    const channel = body.channel?.id;
    if (!value.success || !channel) return;
    const threadTs = (body.message as { thread_ts?: string; ts?: string } | undefined)?.thread_ts ?? body.message?.ts ?? '';
    const info = await client.files.info({ file: value.data.file }).catch(() => null);
    const file = SlackFile.safeParse(info?.file);
    if (!file.success) {
      await client.chat.postEphemeral({ channel, user: body.user.id, text: 'Filen finns inte längre i Slack.' });
      return;
    }
    if (!ctx.state.firstTime(`file:${file.data.id}`)) return;
    await shareFile(client, ctx, { file: file.data, where: whereOf(channel, body.user.id), channel, threadTs, user: body.user.id }, context.botToken ?? '');
  });

  // Another version under a name already taken replaces the earlier document only when the one who shared that
  // one, or an admin, says so.
  app.action<BlockAction<ButtonAction>>(REPLACE_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    const value = ReplaceValue.safeParse(safeJson(action.value));
    const channel = body.channel?.id;
    if (!value.success || !channel) return;
    const user = body.user.id;
    const uploads = ctx.state.uploads();
    const owners = new Set(uploads.filter((u) => u.documentId === value.data.old).map((u) => u.user));
    if (!owners.has(user) && !ctx.access.admins.includes(user)) {
      await client.chat.postEphemeral({ channel, user, text: `Bara den som delade \`${escapeMrkdwn(value.data.old)}\` eller en administratör kan ersätta det.` });
      return;
    }
    if (ctx.pipeline.documents([value.data.new]).length === 0) return;
    // Where the earlier version was seen, the new one is seen now.
    for (const u of uploads.filter((x) => x.documentId === value.data.old)) ctx.state.recordUpload({ ...u, documentId: value.data.new });
    const removed = await ctx.pipeline.remove(value.data.old);
    ctx.state.forgetDocument(value.data.old);
    const threadTs = (body.message as { thread_ts?: string; ts?: string } | undefined)?.thread_ts ?? body.message?.ts;
    await client.chat.postMessage({
      channel,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      text: removed ? `✅ \`${escapeMrkdwn(value.data.new)}\` ersätter nu \`${escapeMrkdwn(value.data.old)}\`.` : `\`${escapeMrkdwn(value.data.old)}\` fanns inte längre.`,
    });
  });
}

function whereOf(channel: string, user: string): Where {
  return channel.startsWith('D') ? { kind: 'dm', user } : { kind: 'channel', id: channel };
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return null;
  }
}
