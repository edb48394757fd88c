import type { App } from '@slack/bolt';
import { escapeMrkdwn, truncate } from './blocks/format.ts';

type WebClient = App['client'];

/** Slack allows about one chat.update a second on a message; partial text goes out at most this often. */
export const PARTIAL_UPDATE_MS = 1100;

export interface PartialUpdates {
  /** The answer's text so far; only the latest is sent when the next update is due. */
  push(text: string): void;
  /** Stops sending and waits for an update under way, so that the final message is not overwritten by a late one. */
  close(): Promise<void>;
}

/** Shows an answer as it is written by updating the placeholder message `ts`, rate-limited, one update at a time. */
export function partialUpdates(client: WebClient, channel: string, ts: string, intervalMs = PARTIAL_UPDATE_MS): PartialUpdates {
  let latest = '';
  let sent = '';
  let last = 0;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let inflight: Promise<unknown> = Promise.resolve();
  const flush = () => {
    timer = null;
    if (closed || !latest.trim() || latest === sent) return;
    sent = latest;
    last = Date.now();
    const text = `${truncate(escapeMrkdwn(sent), 2900)} …`;
    inflight = inflight.then(() => client.chat.update({ channel, ts, text }).catch(() => undefined));
  };
  return {
    push(text) {
      if (closed) return;
      latest = text;
      if (!timer) timer = setTimeout(flush, Math.max(0, last + intervalMs - Date.now()));
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await inflight;
    },
  };
}
