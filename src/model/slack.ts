import { z } from 'zod';

/**
 * Which channels the bot answers in and which document sets each may see. A set is a list of selectors matched
 * against document metadata; a channel (or direct messages) sees the union of its sets.
 */
export const DocumentSelector = z.object({
  municipality: z.string().optional(),
  committee: z.string().optional(),
  documentType: z.string().optional(),
  documents: z.array(z.string()).optional(),
});
export type DocumentSelector = z.infer<typeof DocumentSelector>;

export const SlackAccess = z.object({
  /** `"*"` answers in every channel the bot is in; otherwise the listed channel ids. */
  channels: z.union([z.literal('*'), z.array(z.string())]).default('*'),
  sets: z.record(z.string(), z.array(DocumentSelector)).default({}),
  /** Channel id → the names of the sets it may see. With an access file, a channel not listed sees nothing. */
  channelSets: z.record(z.string(), z.array(z.string())).default({}),
  /** Sets for direct messages; with an access file and none given, DMs see nothing. */
  dmSets: z.array(z.string()).optional(),
  /** Questions per user per minute. */
  rateLimitPerMinute: z.number().int().positive().default(10),
  /** Who may share PDFs for the bot to read: `"*"` or user ids. */
  uploaders: z.union([z.literal('*'), z.array(z.string())]).default('*'),
  /** Where PDFs may be shared: `"*"` or channel ids (`"dm"` for direct messages). */
  uploadChannels: z.union([z.literal('*'), z.array(z.string())]).default('*'),
  /** Users who may confirm that a shared file replaces a document someone else shared. */
  admins: z.array(z.string()).default([]),
  /**
   * `"channel"`: a document shared in a channel (or DM) is seen there only, whatever the sets' selectors say (a set
   * may still name it by id). `"sets"`: it is seen wherever a set's selectors match it.
   */
  uploadsVisible: z.enum(['channel', 'sets']).default('channel'),
  /** Set when the rules come from an access file: then access is denied unless a rule grants it. */
  restricted: z.boolean().default(false),
});
export type SlackAccess = z.infer<typeof SlackAccess>;

export const SlackFile = z.object({
  id: z.string(),
  name: z.string().optional(),
  mimetype: z.string().optional(),
  filetype: z.string().optional(),
  url_private_download: z.string().optional(),
  url_private: z.string().optional(),
  size: z.number().optional(),
});
export type SlackFile = z.infer<typeof SlackFile>;

/** The fields of `app_mention` and `message` events the bot reads. */
export const SlackMessageEvent = z.object({
  type: z.enum(['app_mention', 'message']),
  subtype: z.string().optional(),
  channel: z.string(),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().default(''),
  ts: z.string(),
  thread_ts: z.string().optional(),
  files: z.array(SlackFile).optional(),
});
export type SlackMessageEvent = z.infer<typeof SlackMessageEvent>;

export const SlackCommand = z.object({
  command: z.string(),
  text: z.string().default(''),
  user_id: z.string(),
  channel_id: z.string(),
  channel_name: z.string().optional(),
});
export type SlackCommand = z.infer<typeof SlackCommand>;

export const FeedbackValue = z.object({
  rating: z.enum(['up', 'down']),
  answerId: z.string(),
});
export type FeedbackValue = z.infer<typeof FeedbackValue>;

export const Feedback = z.object({
  answerId: z.string(),
  rating: z.enum(['up', 'down']),
  user: z.string(),
  channel: z.string(),
  question: z.string(),
  answer: z.string(),
  sources: z.array(z.object({ document: z.string(), page: z.number(), quote: z.string() })),
  at: z.string(),
});
export type Feedback = z.infer<typeof Feedback>;
