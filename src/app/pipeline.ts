import type { Answer } from '../model/answer.ts';
import type { DocumentMeta, Table } from '../model/document.ts';
import type { Feedback } from '../model/slack.ts';
import type { IngestRequest } from './ingest-service.ts';

export type { IngestRequest } from './ingest-service.ts';

/** What the front ends (Slack, the terminal chat) may do; they translate, the pipeline answers. */
export interface Pipeline {
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** Stored documents, optionally limited to the given ids. */
  documents(only?: readonly string[] | null): DocumentSummary[];
  /** The stored document with this content (sha256), or null: a file shared twice is the same document. */
  withContent(sha256: string): string | null;
  /** Reads one downloaded PDF into the store (one at a time per store); the file's name gives the document id. */
  ingest(request: IngestRequest, onProgress?: (message: string) => void): Promise<IngestOutcome>;
  remove(documentId: string): Promise<boolean>;
  /** A PNG chart for a trend or per-area answer, or null when the answer has nothing to chart. */
  chart(answer: Answer): Promise<Uint8Array | null>;
  /** The table printed on a page of a document whose rows contain the quote, for "visa tabellen". */
  table(documentId: string, page: number, quote?: string): Table | null;
  saveFeedback(feedback: Feedback): void;
  close(): Promise<void>;
}

export interface AskOptions {
  /** Only these documents may be retrieved, cited or summarized; null for all. */
  documentIds?: readonly string[] | null;
  /** The earlier question of the conversation, for follow-ups such as "och 2021?". */
  previousQuestion?: string | null;
  /**
   * Answer text as it is written, for an answerer that streams (the LLM): the whole text so far each time. Answers
   * made in a worker thread send it back as messages, so the front end can show it while the answer is made.
   */
  onPartial?: (text: string) => void;
}

export interface DocumentSummary extends Pick<DocumentMeta, 'id' | 'title' | 'municipality' | 'committee' | 'documentType' | 'year'> {
  pageCount: number;
  tableCount: number;
  figureCount: number;
  ocrPages: number;
}

export interface IngestOutcome {
  status: 'added' | 'replaced' | 'unchanged';
  document: DocumentSummary;
}
