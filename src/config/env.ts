import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();
const optionalUrl = optionalString.pipe(z.string().url({ message: 'must be a URL such as http://localhost:6333' }).optional());

/** Every setting Nämndkoll reads from the environment; `.env.example` documents each. */
export const Env = z.object({
  NAMNDKOLL_DATA: z.string().trim().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  QDRANT_URL: optionalUrl,
  QDRANT_API_KEY: optionalString,
  QDRANT_COLLECTION: z.string().trim().min(1).default('namndkoll'),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_CHAT_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
  OPENAI_EMBEDDING_MODEL: optionalString,

  /** Which chat API the LLM answerer speaks; unset, it follows from which of the variables below are set. */
  NAMNDKOLL_LLM_PROVIDER: optionalString.pipe(z.enum(['openai', 'azure', 'ollama'], { message: 'must be openai, azure or ollama' }).optional()),
  /** Seconds one model call may take, and seconds the model may spend on one question before the extractive answer is given. */
  NAMNDKOLL_LLM_TIMEOUT_S: z.coerce.number().positive().default(20),
  NAMNDKOLL_LLM_BUDGET_S: z.coerce.number().positive().default(45),
  AZURE_OPENAI_API_KEY: optionalString,
  AZURE_OPENAI_ENDPOINT: optionalUrl,
  AZURE_OPENAI_DEPLOYMENT: optionalString,
  AZURE_OPENAI_API_VERSION: z.string().trim().min(1).default('2024-10-21'),
  OLLAMA_BASE_URL: optionalUrl,
  OLLAMA_MODEL: z.string().trim().min(1).default('qwen2.5:7b'),

  SLACK_BOT_TOKEN: optionalString.pipe(z.string().startsWith('xoxb-', { message: 'must be a bot token starting with xoxb-' }).optional()),
  SLACK_APP_TOKEN: optionalString.pipe(z.string().startsWith('xapp-', { message: 'must be an app-level token starting with xapp-' }).optional()),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_API_URL: optionalUrl,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** JSON file with the channel allow-list, document sets and rate limit (src/model/slack.ts SlackAccess). */
  SLACK_ACCESS_FILE: optionalString,

  /** Largest PDF the bot downloads from Slack, in MB: checked against the size Slack declares, and while downloading. */
  NAMNDKOLL_MAX_UPLOAD_MB: z.coerce.number().positive().default(50),
  /** Most pages a shared PDF may have. */
  NAMNDKOLL_MAX_PAGES: z.coerce.number().int().positive().default(1000),
  /** Seconds a download from Slack may take. */
  NAMNDKOLL_DOWNLOAD_TIMEOUT_S: z.coerce.number().positive().default(120),
  /** Shared files waiting to be read, at most; more are refused with a request to share again later. */
  NAMNDKOLL_INGEST_QUEUE: z.coerce.number().int().positive().default(10),
  /** Threads answering questions for the Slack bot (one more reads shared PDFs); default: one per core. */
  NAMNDKOLL_THREADS: z.coerce.number().int().min(1).max(64).optional(),

  OCR_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
});
export type Env = z.infer<typeof Env>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError that names each missing or malformed variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = Env.safeParse(source);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return result.data;
}
