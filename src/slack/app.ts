import { App, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Pipeline } from '../app/pipeline.ts';
import type { Env } from '../config/env.ts';
import type { Logger } from '../log/logger.ts';
import type { SlackAccess } from '../model/slack.ts';
import { openDatabase, QueuedWriter } from '../store/database.ts';
import { SlackState } from '../store/slack-state.ts';
import { RateLimiter } from './guard/rate-limit.ts';
import { registerActions } from './listeners/actions.ts';
import { registerCommand } from './listeners/command.ts';
import { registerMessages } from './listeners/messages.ts';
import { newMemory } from './memory.ts';
import { IngestQueue } from './uploads.ts';

export interface SlackDeps {
  pipeline: Pipeline;
  access: SlackAccess;
  logger: Logger;
  /** Least milliseconds between updates of an answer being written (default: Slack's rate, src/slack/stream.ts). */
  partialUpdateMs?: number;
}

export interface SlackContext extends SlackDeps {
  env: Env;
  memory: ReturnType<typeof newMemory>;
  limiter: RateLimiter;
  /** De-duplication and who shared what where, persisted in the store. */
  state: SlackState;
  ingests: IngestQueue;
}

export type SlackMode = 'socket' | 'http';

/** Which way to reach Slack, from the configuration; null when Slack is not configured. */
export function slackMode(env: Env): SlackMode | null {
  if (!env.SLACK_BOT_TOKEN) return null;
  if (env.SLACK_APP_TOKEN) return 'socket';
  if (env.SLACK_SIGNING_SECRET) return 'http';
  return null;
}

/**
 * The Bolt app: mentions, DMs, thread follow-ups, file uploads, the /namndkoll command and the buttons. It only
 * translates between Slack and the pipeline; every answer comes from `respond` in src/app/conversation.ts.
 */
export function createSlackApp(env: Env, deps: SlackDeps): App & { closeState(): void } {
  const mode = slackMode(env);
  if (!mode) throw new Error('Slack is not configured: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)');
  const app = new App({
    token: env.SLACK_BOT_TOKEN,
    ...(mode === 'socket' ? { socketMode: true, appToken: env.SLACK_APP_TOKEN } : { signingSecret: env.SLACK_SIGNING_SECRET }),
    clientOptions: env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {},
    logger: boltLogger(deps.logger),
    logLevel: LogLevel.WARN,
  });
  // The bot's own records get a connection of their own, whose writes never wait for an ingest's lock.
  const writer = new QueuedWriter(openDatabase(env.NAMNDKOLL_DATA));
  const ctx: SlackContext = {
    ...deps,
    env,
    memory: newMemory(),
    limiter: new RateLimiter(deps.access.rateLimitPerMinute),
    state: new SlackState(writer),
    ingests: new IngestQueue(env.NAMNDKOLL_INGEST_QUEUE),
  };

  // Slack re-sends an event it thinks was not acknowledged in time; the event id tells a retry from a new event.
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !ctx.state.firstTime(`event:${eventId}`)) {
      deps.logger.info({ eventId }, 'slack: duplicate event ignored');
      return;
    }
    await next();
  });
  registerMessages(app, ctx);
  registerCommand(app, ctx);
  registerActions(app, ctx);
  app.error(async (err) => {
    deps.logger.error({ err }, 'slack: unhandled error');
  });
  return Object.assign(app, {
    closeState: () => {
      writer.flush();
      writer.db.close();
    },
  });
}

function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  let level = LogLevel.WARN;
  return {
    debug: (...msg) => child.debug(msg.map(String).join(' ')),
    info: (...msg) => child.info(msg.map(String).join(' ')),
    warn: (...msg) => child.warn(msg.map(String).join(' ')),
    error: (...msg) => child.error(msg.map(String).join(' ')),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
