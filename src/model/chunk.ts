import { z } from 'zod';
import { DocumentType } from './document.ts';

/** A prose passage of one section, a block of table rows, or one table row as its own retrievable unit. */
export const ChunkKind = z.enum(['text', 'table', 'row']);
export type ChunkKind = z.infer<typeof ChunkKind>;

export const Chunk = z.object({
  /** `<documentId>:<sectionId|tableId>:<n>`; stable for the same document model. */
  id: z.string().min(1),
  documentId: z.string().min(1),
  title: z.string(),
  municipality: z.string().nullable(),
  committee: z.string().nullable(),
  documentType: DocumentType,
  year: z.number().int().nullable(),
  kind: ChunkKind,
  sectionId: z.string().nullable(),
  /** The section's numbering (`5.1.3`), when it has one. */
  sectionNumber: z.string().nullable(),
  /** Headings of the section and its ancestors, outermost first. */
  headingPath: z.array(z.string()),
  tableId: z.string().nullable(),
  /** Pages the chunk's text is printed on, ascending. */
  pages: z.array(z.number().int().positive()).min(1),
  /** The text shown and cited. */
  text: z.string(),
  /** Extra words that are indexed but not shown (heading path, table caption and column headers). */
  context: z.string(),
});
export type Chunk = z.infer<typeof Chunk>;

/** Restricts a search to documents whose metadata match every given field. */
export const SearchFilter = z.object({
  documentId: z.array(z.string()).optional(),
  municipality: z.array(z.string()).optional(),
  committee: z.array(z.string()).optional(),
  documentType: z.array(DocumentType).optional(),
  year: z.array(z.number().int()).optional(),
});
export type SearchFilter = z.infer<typeof SearchFilter>;

export const ScoredChunk = z.object({
  chunk: Chunk,
  score: z.number(),
});
export type ScoredChunk = z.infer<typeof ScoredChunk>;

/** The `search --json` record. */
export const SearchResultRecord = z.object({
  document: z.string(),
  page: z.number().int().positive(),
  section: z.string().nullable(),
  score: z.number(),
  text: z.string(),
});
export type SearchResultRecord = z.infer<typeof SearchResultRecord>;
