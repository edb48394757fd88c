import type { DocumentMeta } from '../../src/model/document.ts';
import type { Line } from '../layout/lines.ts';
import type { LoadedPdf } from '../pdf/types.ts';

export type ReadMetadata = Pick<DocumentMeta, 'title' | 'municipality' | 'committee' | 'documentType' | 'year' | 'period'>;

// STUB: to be replaced by metadata read from the title page, running header and PDF metadata.
export function readMetadata(pdf: LoadedPdf, _lines: Map<number, Line[]>): ReadMetadata {
  return { title: pdf.info.title ?? pdf.fileName, municipality: null, committee: null, documentType: 'annat', year: null, period: null };
}
