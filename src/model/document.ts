import { z } from 'zod';

/** Kinds of committee documents; `annat` when the document does not say. */
export const DocumentType = z.enum([
  'verksamhetsplan',
  'nämndplan',
  'budget',
  'delårsrapport',
  'årsberättelse',
  'årsbokslut',
  'årsredovisning',
  'årsredogörelse',
  'styrmodell',
  'protokoll',
  'annat',
]);
export type DocumentType = z.infer<typeof DocumentType>;

export const DocumentMeta = z.object({
  /** File name without `.pdf`. */
  id: z.string().min(1),
  title: z.string(),
  municipality: z.string().nullable(),
  committee: z.string().nullable(),
  documentType: DocumentType,
  year: z.number().int().nullable(),
  /** Reporting period within the year where the document names one (`Prognos 2`, `jan–aug`, `mars`). */
  period: z.string().nullable(),
  pageCount: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Whether the PDF carries a structure tree (accessibility tags). */
  tagged: z.boolean(),
  fileName: z.string(),
});
export type DocumentMeta = z.infer<typeof DocumentMeta>;

export const TextSource = z.enum(['text-layer', 'ocr', 'none']);
export type TextSource = z.infer<typeof TextSource>;

export const PageInfo = z.object({
  number: z.number().int().positive(),
  width: z.number(),
  height: z.number(),
  textSource: TextSource,
  /** Mean OCR word confidence, 0–100, for OCR'd pages. */
  ocrConfidence: z.number().nullable(),
  status: z.enum(['ok', 'failed']),
  /** Why the page failed, or what is doubtful about it (a garbled text layer). */
  problem: z.string().nullable(),
  /** The text layer reads like OCR output with misspellings (`nimnden`, `f6r`). */
  noisyText: z.boolean(),
});
export type PageInfo = z.infer<typeof PageInfo>;

export const Section = z.object({
  id: z.string(),
  /** The heading's numbering (`5.1.3`), or null for an unnumbered heading. */
  number: z.string().nullable(),
  heading: z.string(),
  level: z.number().int().positive(),
  /** Headings of this section and its ancestors, outermost first. */
  path: z.array(z.string()),
  pageStart: z.number().int().positive(),
  pageEnd: z.number().int().positive(),
  text: z.string(),
});
export type Section = z.infer<typeof Section>;

export const RowKind = z.enum(['data', 'group', 'total']);
export type RowKind = z.infer<typeof RowKind>;

export const Table = z.object({
  /** `t1`, `t2`, … in document order; unique within the document. */
  id: z.string(),
  pages: z.array(z.number().int().positive()).min(1),
  caption: z.string(),
  sectionId: z.string().nullable(),
  /** Header rows; a spanning header cell is repeated over every column it covers. */
  header: z.array(z.array(z.string())),
  /** Body rows, label first; `""` for empty cells. */
  rows: z.array(z.array(z.string())),
  /** Per body row: a data row, a group heading (`Barn`) or a sum row (`Summa`, bold totals). */
  rowKinds: z.array(RowKind),
  /** Per body row: the page it is printed on. */
  rowPages: z.array(z.number().int().positive()),
  /** Unit stated for the whole table (`Belopp i tkr`), if any. */
  unit: z.string().nullable(),
});
export type Table = z.infer<typeof Table>;

export const Figure = z.object({
  documentId: z.string(),
  tableId: z.string(),
  page: z.number().int().positive(),
  /** Index into the table's body rows and columns (column 0 is the label). */
  row: z.number().int().nonnegative(),
  col: z.number().int().positive(),
  value: z.number(),
  unit: z.string().nullable(),
  /** Group row (if any) then the row label. */
  rowLabel: z.array(z.string()),
  /** The column's header path, outermost first. */
  columnLabel: z.array(z.string()),
  raw: z.string(),
  /** Set when the value is doubtful (an OCR read that breaks the table's arithmetic). */
  uncertain: z.string().nullable(),
});
export type Figure = z.infer<typeof Figure>;

export const ParsedDocument = z.object({
  document: DocumentMeta,
  pages: z.array(PageInfo),
  sections: z.array(Section),
  tables: z.array(Table),
  figures: z.array(Figure),
});
export type ParsedDocument = z.infer<typeof ParsedDocument>;
