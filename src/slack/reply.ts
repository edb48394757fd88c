import type { types } from '@slack/bolt';

type KnownBlock = types.KnownBlock;
import type { Reply } from '../app/conversation.ts';
import type { DocumentSummary } from '../app/pipeline.ts';
import { answerBlocks, answerFallback } from './blocks/answer.ts';
import { escapeMrkdwn } from './blocks/format.ts';
import { documentListBlocks, HELP_TEXT, tableBlocks } from './blocks/misc.ts';

/** A reply as a Slack message: fallback text plus blocks. */
export function replyMessage(reply: Reply, documents: readonly DocumentSummary[]): { text: string; blocks: KnownBlock[] } {
  switch (reply.type) {
    case 'answer':
      return { text: answerFallback(reply.answer), blocks: answerBlocks(reply.answer, reply.answerId, documents) };
    case 'table':
      return { text: escapeMrkdwn(`${reply.table.caption} (${reply.documentTitle})`), blocks: tableBlocks(reply.documentTitle, reply.table) };
    case 'documents':
      return { text: `${reply.documents.length} dokument`, blocks: documentListBlocks(reply.documents) };
    case 'help':
      return { text: 'Nämndkoll: hjälp', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: HELP_TEXT } }] };
    case 'text':
      return { text: escapeMrkdwn(reply.text), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(reply.text) } }] };
  }
}
