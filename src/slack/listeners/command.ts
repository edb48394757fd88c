import type { App } from '@slack/bolt';
import { respond } from '../../app/conversation.ts';
import { SlackCommand } from '../../model/slack.ts';
import type { SlackContext } from '../app.ts';
import { channelAllowed, type Where } from '../guard/access.ts';
import { readable, showable } from '../guard/showing.ts';
import { NOTHING_HERE } from './messages.ts';
import { replyMessage } from '../reply.ts';

/** `/namndkoll fråga …|sammanfatta …|underskott …|trend …|dokument|hjälp`: answers only the asker sees. */
export function registerCommand(app: App, ctx: SlackContext): void {
  app.command('/namndkoll', async ({ command, ack, respond: reply }) => {
    const c = SlackCommand.safeParse(command);
    if (!c.success) return void (await ack({ response_type: 'ephemeral', text: 'Kunde inte läsa kommandot.' }));
    const where: Where = c.data.channel_id.startsWith('D') ? { kind: 'dm', user: c.data.user_id } : { kind: 'channel', id: c.data.channel_id };
    if (!channelAllowed(ctx.access, where)) return void (await ack({ response_type: 'ephemeral', text: 'Nämndkoll är inte aktiverat i den här kanalen.' }));
    if (!ctx.limiter.allow(c.data.user_id)) return void (await ack({ response_type: 'ephemeral', text: 'Du har ställt många frågor på kort tid. Vänta en minut och fråga igen.' }));
    // Acknowledge within Slack's three seconds; the answer follows through the response URL.
    await ack({ response_type: 'ephemeral', text: '🔎 Letar i dokumenten…' });
    try {
      const documentIds = readable(ctx, where);
      if (documentIds?.length === 0) return void (await reply({ response_type: 'ephemeral', replace_original: true, text: NOTHING_HERE }));
      const result = await respond(ctx.pipeline, `/${c.data.text || 'hjälp'}`, { previous: null, documentIds });
      // Rights checked again at the moment of showing.
      const visible = showable(ctx, where, result);
      if (!visible) return void (await reply({ response_type: 'ephemeral', replace_original: true, text: NOTHING_HERE }));
      const message = replyMessage(result, visible);
      if (result.type === 'answer') ctx.memory.answers.set(result.answerId, { question: result.question, answer: result.answer, answerId: result.answerId, channel: c.data.channel_id });
      await reply({ response_type: 'ephemeral', replace_original: true, text: message.text, blocks: message.blocks });
    } catch (err) {
      ctx.logger.error({ err, command: c.data.text }, 'slack: command failed');
      await reply({ response_type: 'ephemeral', replace_original: true, text: 'Något gick fel när jag skulle svara. Försök igen om en stund.' });
    }
  });
}
