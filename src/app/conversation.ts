import { randomUUID } from 'node:crypto';
import type { Answer } from '../model/answer.ts';
import type { Table } from '../model/document.ts';
import type { DocumentSummary, Pipeline } from './pipeline.ts';

/** What a front end shows for one message. */
export type Reply =
  | { type: 'answer'; question: string; answer: Answer; answerId: string }
  | { type: 'table'; table: Table; documentId: string; documentTitle: string }
  | { type: 'documents'; documents: DocumentSummary[] }
  | { type: 'help' }
  /** Plain text; `documentIds`: the documents it names or quotes, whose rights the front end checks when showing it. */
  | { type: 'text'; text: string; documentIds: string[] };

/** The earlier turn of a thread, which follow-ups refer to. */
export interface Turn {
  question: string;
  answer: Answer;
  answerId: string;
}

const PAGE_FOLLOW_UP = /^(vilken|vilka|which|what)\s+(sida|sidor|page|pages)\b|^(sida|page)\s*\?$/i;
const TABLE_FOLLOW_UP = /^(visa|show)\s+(mig\s+|me\s+)?(tabellen|table|the table)\b/i;
const COMMAND = /^\/?(fråga|fraga|ask|sammanfatta|summarize|summary|underskott|deficits?|trend|dokument|documents|docs|hjälp|hjalp|help)\b\s*(.*)$/is;

/**
 * Turns a message into a reply: slash-style commands, thread follow-ups ("vilken sida?", "visa tabellen",
 * "och 2021?") and questions. Shared by Slack and the terminal chat so that both behave alike.
 */
export async function respond(
  pipeline: Pipeline,
  text: string,
  context: { previous: Turn | null; documentIds: readonly string[] | null; onPartial?: (text: string) => void },
): Promise<Reply> {
  const message = text.trim();
  const previous = context.previous;
  if (!message) return { type: 'help' };
  // A follow-up shows the earlier answer's sources only as far as they may be read here now.
  const readable = (document: string) => !context.documentIds || context.documentIds.includes(document);
  const citations = previous?.answer.citations.filter((c) => readable(c.document)) ?? [];

  if (previous && PAGE_FOLLOW_UP.test(message)) {
    const pages = [...new Set(citations.map((c) => `${c.document}, s. ${c.page}${c.section ? ` (${c.section})` : ''}`))];
    const text = pages.length ? `Källorna till förra svaret:\n${pages.map((p) => `• ${p}`).join('\n')}` : 'Förra svaret hade ingen källa.';
    return { type: 'text', text, documentIds: [...new Set(citations.map((c) => c.document))] };
  }
  if (previous && TABLE_FOLLOW_UP.test(message)) {
    for (const c of citations) {
      const table = pipeline.table(c.document, c.page, c.quote);
      if (table) {
        const title = pipeline.documents([c.document])[0]?.title ?? c.document;
        return { type: 'table', table, documentId: c.document, documentTitle: title };
      }
    }
    return { type: 'text', text: 'Förra svaret bygger inte på någon tabell.', documentIds: [] };
  }

  const command = COMMAND.exec(message);
  if (command) {
    const verb = command[1]!.toLowerCase();
    const arg = command[2]!.trim();
    if (/^(dokument|documents|docs)$/.test(verb)) return { type: 'documents', documents: pipeline.documents(context.documentIds) };
    if (/^(hjälp|hjalp|help)$/.test(verb)) return { type: 'help' };
    if (!arg) return { type: 'help' };
    const question = /^(sammanfatta|summarize|summary)$/.test(verb)
      ? `Sammanfatta ${arg}`
      : /^(underskott|deficits?)$/.test(verb)
        ? `Vilka områden visar underskott i ${arg} och hur stort är det sammanlagt?`
        : verb === 'trend'
          ? `Hur har ${arg} utvecklats över åren?`
          : arg;
    return ask(pipeline, question, null, context);
  }
  return ask(pipeline, message, previous?.question ?? null, context);
}

async function ask(
  pipeline: Pipeline,
  question: string,
  previousQuestion: string | null,
  context: { documentIds: readonly string[] | null; onPartial?: (text: string) => void },
): Promise<Reply> {
  const answer = await pipeline.ask(question, { previousQuestion, documentIds: context.documentIds, onPartial: context.onPartial });
  return { type: 'answer', question, answer, answerId: randomUUID() };
}
