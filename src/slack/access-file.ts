import { readFileSync } from 'node:fs';
import { SlackAccess } from '../model/slack.ts';

/**
 * Reads the access configuration (allow-list, document sets, uploads). Without a file every channel sees every
 * document; with one, access is denied unless a rule in it grants it.
 */
export function readAccess(file: string | undefined): SlackAccess {
  if (!file) return SlackAccess.parse({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`SLACK_ACCESS_FILE ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = SlackAccess.safeParse(typeof raw === 'object' && raw !== null ? { ...raw, restricted: true } : raw);
  if (!parsed.success) throw new Error(`SLACK_ACCESS_FILE ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
