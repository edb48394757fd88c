import { z } from 'zod';

export const AnswerKind = z.enum(['lookup', 'calculation', 'trend', 'summary', 'none']);
export type AnswerKind = z.infer<typeof AnswerKind>;

/** A figure the answer states. */
export const AnswerValue = z.object({
  label: z.string(),
  period: z.string(),
  value: z.number(),
  unit: z.string(),
});
export type AnswerValue = z.infer<typeof AnswerValue>;

export const Citation = z.object({
  /** Document id (file name without `.pdf`). */
  document: z.string(),
  page: z.number().int().positive(),
  section: z.string(),
  /** Verbatim source text (the sentence or table row) that supports the answer. */
  quote: z.string(),
});
export type Citation = z.infer<typeof Citation>;

export const Answer = z.object({
  answer: z.string(),
  refused: z.boolean(),
  kind: AnswerKind,
  values: z.array(AnswerValue),
  citations: z.array(Citation),
});
export type Answer = z.infer<typeof Answer>;
