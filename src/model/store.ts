import { z } from 'zod';
import { DocumentMeta, TextSource } from './document.ts';

/** What `save` did with a parsed document: stored it new, replaced an older version, or found the same file stored. */
export const SaveOutcome = z.enum(['added', 'replaced', 'unchanged']);
export type SaveOutcome = z.infer<typeof SaveOutcome>;

/** One stored document as `namndkoll list` shows it. */
export const DocumentSummary = DocumentMeta.extend({
  /** The path the file was ingested from, as given. */
  sourcePath: z.string().nullable(),
  ingestedAt: z.string(),
  sections: z.number().int().nonnegative(),
  tables: z.number().int().nonnegative(),
  figures: z.number().int().nonnegative(),
  /** Pages per text source. */
  textSources: z.record(TextSource, z.number().int().nonnegative()),
  /** Mean OCR confidence over the OCR'd pages, 0–100; null when no page was OCR'd. */
  ocrConfidence: z.number().nullable(),
  failedPages: z.array(z.object({ page: z.number().int().positive(), problem: z.string() })),
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;
