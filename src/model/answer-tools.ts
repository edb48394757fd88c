import { z } from 'zod';

/** Arguments of the tools the LLM answerer offers the model; every tool call is parsed with these. */
export const SearchArgs = z.object({
  query: z.string().min(1).describe('What to look for, in Swedish (the documents are Swedish).'),
  documentIds: z.array(z.string()).optional().describe('Restrict to these document ids.'),
  limit: z.number().int().min(1).max(20).default(8),
});
export type SearchArgs = z.infer<typeof SearchArgs>;

export const FiguresArgs = z.object({
  documentId: z.string().optional(),
  label: z.string().min(1).describe('Row label or part of it, e.g. "Hemtjänst".'),
  measure: z.enum(['utfall', 'budget', 'prognos', 'avvikelse', 'förbrukning', 'målvärde', 'plan', 'förändring', 'belopp', 'värde']).optional(),
  year: z.number().int().optional(),
});
export type FiguresArgs = z.infer<typeof FiguresArgs>;

export const CalculateArgs = z.object({
  operation: z.enum(['sum', 'difference', 'change', 'share']),
  /** Figure ids from earlier tool results (`F3`), in order: for change from → to, for difference a − b, for share part / whole. */
  figures: z.array(z.string()).min(1),
});
export type CalculateArgs = z.infer<typeof CalculateArgs>;

export const DeficitsArgs = z.object({
  documentId: z.string(),
  round: z.string().optional().describe('Forecast round, e.g. "Prognos 2".'),
});
export type DeficitsArgs = z.infer<typeof DeficitsArgs>;

export const TrendArgs = z.object({
  label: z.string().min(1),
  fromYear: z.number().int().optional(),
  toYear: z.number().int().optional(),
});
export type TrendArgs = z.infer<typeof TrendArgs>;
