import { createInterface } from 'node:readline';
import { respond, type Turn } from '../../app/conversation.ts';
import type { Pipeline } from '../../app/pipeline.ts';
import { renderReply } from './render.ts';

/**
 * The terminal chat: one question a line, answered with the same pipeline and content as in Slack. The whole
 * session is one thread, so follow-ups ("och 2021?") refer to the previous question. Ends at end of input.
 */
export async function runChat(pipeline: Pipeline, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  const write = (s: string) => output.write(`${s}\n`);
  write(`Nämndkoll: ${pipeline.documents().length} dokument inlästa. Skriv en fråga (hjälp: /hjälp, avsluta: Ctrl-D).`);
  let previous: Turn | null = null;
  if (interactive) rl.setPrompt('› '), rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text) {
      if (!interactive) write(`› ${text}`);
      try {
        const reply = await respond(pipeline, text, { previous, documentIds: null });
        if (reply.type === 'answer') previous = { question: reply.question, answer: reply.answer, answerId: reply.answerId };
        write(renderReply(reply, pipeline.documents()));
      } catch (err) {
        write(`Något gick fel: ${err instanceof Error ? err.message : String(err)}`);
      }
      write('');
    }
    if (interactive) rl.prompt();
  }
}
