import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { FeedbackValue } from '../../model/slack.ts';
import type { SlackContext } from '../app.ts';
import { FEEDBACK_ACTION, SHOW_SOURCE_ACTION } from '../blocks/answer.ts';
import { tableBlocks } from '../blocks/misc.ts';

const SourceValue = z.object({ document: z.string(), page: z.number().int().positive(), quote: z.string().default('') });

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

  app.action<BlockAction<ButtonAction>>(new RegExp(`^${SHOW_SOURCE_ACTION}_\\d+$`), async ({ ack, body, action, client }) => {
    await ack();
    const value = SourceValue.safeParse(safeJson(action.value));
    const channel = body.channel?.id;
    if (!value.success || !channel) return;
    const threadTs = (body.message as { thread_ts?: string; ts?: string } | undefined)?.thread_ts ?? body.message?.ts;
    const { document, page, quote } = value.data;
    const table = ctx.pipeline.table(document, page, quote);
    const title = ctx.pipeline.documents([document])[0]?.title ?? document;
    const blocks = table
      ? tableBlocks(title, table)
      : [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: `*${title}*, s. ${page}\n> ${quote}` } }];
    await client.chat.postMessage({ channel, thread_ts: threadTs, text: `${title}, s. ${page}`, blocks });
  });
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return null;
  }
}
