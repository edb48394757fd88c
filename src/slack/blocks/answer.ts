import type { types } from '@slack/bolt';

type KnownBlock = types.KnownBlock;
import type { Answer } from '../../model/answer.ts';
import type { DocumentSummary } from '../../app/pipeline.ts';
import { escapeMrkdwn, formatNumber, truncate } from './format.ts';

export const FEEDBACK_ACTION = 'namndkoll_feedback';
export const SHOW_SOURCE_ACTION = 'namndkoll_show_source';

/** Block Kit for an answer: the text, a figures table for calculations, the sources with quotes, feedback buttons. */
export function answerBlocks(answer: Answer, answerId: string, documents: readonly DocumentSummary[]): KnownBlock[] {
  const titleOf = (id: string) => documents.find((d) => d.id === id)?.title ?? id;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(answer.answer), 2900) } }];

  if ((answer.kind === 'calculation' || answer.kind === 'trend') && answer.values.length > 0) {
    const rows = answer.values.slice(0, 20).map((v) => {
      const label = [v.label, v.period].filter(Boolean).join(', ');
      return `${truncate(label, 48).padEnd(48)} ${formatNumber(v.value).padStart(12)} ${v.unit}`;
    });
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${escapeMrkdwn(rows.join('\n'))}\`\`\`` } });
  }

  if (answer.citations.length > 0) {
    blocks.push({ type: 'divider' });
    answer.citations.slice(0, 5).forEach((c, i) => {
      const where = [`*${escapeMrkdwn(titleOf(c.document))}*`, `s. ${c.page}`, c.section ? escapeMrkdwn(c.section) : null].filter(Boolean).join(' · ');
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: `${i + 1}. ${where}\n> ${truncate(escapeMrkdwn(c.quote.replace(/\s+/g, ' ')), 400)}` },
        accessory: {
          type: 'button',
          action_id: `${SHOW_SOURCE_ACTION}_${i}`,
          text: { type: 'plain_text', text: 'Visa källan' },
          value: JSON.stringify({ document: c.document, page: c.page, quote: truncate(c.quote, 200) }),
        },
      });
    });
  }

  blocks.push({
    type: 'actions',
    block_id: `feedback_${answerId}`,
    elements: [
      { type: 'button', action_id: `${FEEDBACK_ACTION}_up`, text: { type: 'plain_text', text: '👍' }, value: JSON.stringify({ rating: 'up', answerId }) },
      { type: 'button', action_id: `${FEEDBACK_ACTION}_down`, text: { type: 'plain_text', text: '👎' }, value: JSON.stringify({ rating: 'down', answerId }) },
    ],
  });
  return blocks;
}

/** The plain-text fallback Slack shows in notifications and to screen readers. */
export function answerFallback(answer: Answer): string {
  const sources = answer.citations.slice(0, 3).map((c) => `${c.document} s. ${c.page}`);
  return escapeMrkdwn(sources.length ? `${answer.answer} (Källor: ${sources.join('; ')})` : answer.answer);
}
