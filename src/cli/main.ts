import { ConfigError } from '../config/env.ts';
import { logger } from '../log/logger.ts';
import { CommandError, UsageError } from './errors.ts';

/** A command takes its arguments (after the command name) and returns the process exit code. */
export type Command = (args: string[]) => Promise<number>;

interface CommandEntry {
  summary: string;
  load: () => Promise<{ run: Command }>;
}

// Commands are loaded lazily so that `namndkoll parse` does not pay for Slack, Qdrant or OCR start-up.
const COMMANDS: Record<string, CommandEntry> = {
  parse: { summary: 'parse FILE.pdf [--json]: print the parsed document model', load: () => import('./commands/parse.ts') },
  ingest: { summary: 'ingest PATH… [--data DIR]: parse and store PDFs (files or folders)', load: () => import('./commands/ingest.ts') },
  list: { summary: 'list [--json]: the stored documents and their pages', load: () => import('./commands/list.ts') },
  remove: { summary: 'remove ID: delete a stored document', load: () => import('./commands/remove.ts') },
  search: { summary: 'search "QUERY" [--doc ID] [--json]: ranked chunks', load: () => import('./commands/search.ts') },
  reindex: { summary: 'reindex: rebuild the vector index from the stored documents', load: () => import('./commands/reindex.ts') },
  calc: { summary: 'calc deficits|trend|check …: calculations on stored figures', load: () => import('./commands/calc.ts') },
  ask: { summary: 'ask "QUESTION" [--json]: a cited answer', load: () => import('./commands/ask.ts') },
  eval: { summary: 'eval FILE.jsonl --out RESULTS.jsonl: answer and score a question set', load: () => import('./commands/eval.ts') },
  start: { summary: 'start: the Slack bot when configured, otherwise a chat in the terminal', load: () => import('./commands/start.ts') },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    printHelp();
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`namndkoll: unknown command '${name}'\n`);
    printHelp();
    return 2;
  }
  try {
    const { run } = await entry.load();
    return await run(args);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UsageError) {
      process.stderr.write(`namndkoll ${name}: ${err.message}\n`);
      return 2;
    }
    if (err instanceof CommandError) {
      process.stderr.write(`namndkoll ${name}: ${err.message}\n`);
      return 1;
    }
    logger.error({ err, command: name }, 'command failed');
    process.stderr.write(`namndkoll ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

function printHelp(): void {
  const lines = Object.entries(COMMANDS).map(([, e]) => `  namndkoll ${e.summary}`);
  process.stdout.write(`Nämndkoll: answers about Swedish committee documents.\n\nCommands:\n${lines.join('\n')}\n`);
}
