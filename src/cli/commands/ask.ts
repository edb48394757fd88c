import { z } from 'zod';
import { loadEnv } from '../../config/env.ts';
import { Answer } from '../../model/answer.ts';
import { openAnswerer } from '../../answer/open.ts';
import { parseCommandArgs } from '../args.ts';

const Args = z.object({
  json: z.boolean().default(false),
  data: z.string().min(1).optional(),
  offline: z.boolean().default(false),
  positionals: z.array(z.string()).min(1, { message: 'give the question in quotes' }),
});
const USAGE = 'ask "QUESTION" [--json] [--data DIR] [--offline]';

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { json: { type: 'boolean' }, data: { type: 'string' }, offline: { type: 'boolean' } }, Args, USAGE);
  const env = loadEnv(args.data ? { ...process.env, NAMNDKOLL_DATA: args.data } : process.env);
  const question = args.positionals.join(' ');
  const opened = await openAnswerer(env, { offline: args.offline });
  if (!opened) {
    process.stderr.write(`namndkoll ask: no documents stored in ${env.NAMNDKOLL_DATA}; add some with: namndkoll ingest PATH…\n`);
    return 1;
  }
  try {
    const { answer } = await opened.answerer.ask(question);
    const checked = Answer.parse(answer);
    if (args.json) {
      process.stdout.write(`${JSON.stringify(checked, null, 1)}\n`);
      return 0;
    }
    const sources = checked.citations.map((c) => `  [${c.document}, s. ${c.page}${c.section ? `, ${c.section}` : ''}] «${c.quote.slice(0, 200)}»`);
    process.stdout.write(`${checked.answer}\n${sources.length ? `\n${sources.join('\n')}\n` : ''}`);
    return 0;
  } finally {
    await opened.knowledge.close();
  }
}
