import pino from 'pino';

/**
 * Structured logs go to stderr so that stdout stays clean for `--json` output and the terminal chat.
 * LOG_LEVEL sets the level; tests run silent unless asked.
 */
export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
    base: { app: 'namndkoll' },
  },
  pino.destination(2),
);

export type Logger = typeof logger;
