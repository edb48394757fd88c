import type { Chunk } from '../../src/model/chunk.ts';
import type { ParsedDocument, Section } from '../../src/model/document.ts';
import { PASSAGE_DEFAULTS, sectionPassages, type PassageOptions } from './sections.ts';
import { tablePieces } from './tables.ts';

export { columnLabels } from './tables.ts';

const MIN_LETTERS = 25;

/**
 * The document model as retrievable chunks: overlapping passages that never cross a section boundary, and for
 * every table blocks of rows (caption and header repeated) plus one chunk per row. Pure: the same model gives
 * the same chunks with the same ids.
 */
export function chunkDocument(doc: ParsedDocument, options: PassageOptions = PASSAGE_DEFAULTS): Chunk[] {
  const d = doc.document;
  const base = {
    documentId: d.id,
    title: d.title,
    municipality: d.municipality,
    committee: d.committee,
    documentType: d.documentType,
    year: d.year,
  };
  const sections = new Map(doc.sections.map((s) => [s.id, s]));
  const out: Chunk[] = [];

  for (const section of doc.sections) {
    const passages = sectionPassages(section, options);
    passages.forEach((p, n) => {
      // A few stray words (a chart's axis labels, a page stamp) are not worth retrieving on their own.
      if ((p.text.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS) return;
      out.push({
        ...base,
        id: `${d.id}:${section.id}:${n}`,
        kind: 'text',
        sectionId: section.id,
        sectionNumber: section.number,
        headingPath: section.path,
        tableId: null,
        pages: p.pages,
        text: p.text,
        context: contextOf(section),
      });
    });
  }

  for (const table of doc.tables) {
    const section = table.sectionId ? sections.get(table.sectionId) : undefined;
    for (const piece of tablePieces(table)) {
      out.push({
        ...base,
        id: `${d.id}:${table.id}:${piece.key}`,
        kind: piece.kind,
        sectionId: section?.id ?? null,
        sectionNumber: section?.number ?? null,
        headingPath: section?.path ?? [],
        tableId: table.id,
        pages: piece.pages,
        text: piece.text,
        // Only the blocks carry the neighbouring headings: on a row, a heading such as `Hemvårdsnämnd` would make
        // every row of the table match it.
        context: [contextOf(section), ...(piece.kind === 'table' ? neighbours(doc.sections, table, section) : []), table.unit ?? '']
          .filter(Boolean)
          .join('\n'),
      });
    }
  }
  return out;
}

/**
 * The section's number and heading path. Not the document title: the title would match every chunk of the
 * document alike and favour the shortest; which document a question names is read by the scope detector.
 */
function contextOf(section: Section | undefined): string {
  return section ? [section.number, ...section.path].filter(Boolean).join(' › ') : '';
}

/**
 * Headings of the other sections printed on the table's first page. The table's own section is read from its
 * page, and on a page where several sections start it can be the wrong one; their headings keep the table
 * findable by what the text around it calls it.
 */
function neighbours(sections: readonly Section[], table: ParsedDocument['tables'][number], own: Section | undefined): string[] {
  const page = table.pages[0]!;
  return sections
    .filter((s) => s !== own && s.pageStart <= page && s.pageEnd >= page)
    .slice(0, 4)
    .map((s) => s.heading);
}
