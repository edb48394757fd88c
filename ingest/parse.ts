import path from 'node:path';
import { ParsedDocument, type PageInfo, type Table } from '../src/model/document.ts';
import { buildLines, type Line } from './layout/lines.ts';
import { stripFurniture } from './layout/furniture.ts';
import { readMetadata } from './metadata/read.ts';
import { checkArithmetic } from './ocr/arithmetic.ts';
import { needsOcr, ocrPages } from './ocr/pages.ts';
import { loadPdf } from './pdf/load.ts';
import type { PageContent } from './pdf/types.ts';
import { buildSections } from './sections/build.ts';
import { documentTagsTables, extractPageTables } from './tables/extract.ts';
import { figuresOf } from './tables/figures.ts';
import { mergeAcrossPages } from './tables/merge.ts';

export interface ParseOptions {
  /** Called as pages are read and OCR'd, for progress output. */
  onProgress?: (event: { stage: 'read' | 'ocr'; page: number; total: number }) => void;
  /** Skip the structure tree, to measure the untagged path on tagged files. */
  ignoreTags?: boolean;
  /** Skip OCR even where a page needs it (the page is then marked failed). */
  noOcr?: boolean;
}

/** PDF file → the validated document model: metadata, pages, sections, tables and figures. */
export async function parsePdf(filePath: string, options: ParseOptions = {}): Promise<ParsedDocument> {
  const pdf = await loadPdf(filePath, (page, total) => options.onProgress?.({ stage: 'read', page, total }));
  const id = path.basename(filePath).replace(/\.pdf$/i, '');

  const pageInfo = new Map<number, PageInfo>();
  const contents: PageContent[] = [];
  for (const p of pdf.pages) {
    if (p.ok) {
      const content = options.ignoreTags ? { ...p.content, struct: null } : p.content;
      contents.push(content);
      pageInfo.set(content.number, pageOf(content, 'text-layer'));
    } else {
      pageInfo.set(p.number, failedPage(p.number, p.error));
    }
  }

  const toOcr = contents.filter(needsOcr).map((c) => c.number);
  if (toOcr.length && !options.noOcr) {
    const results = await ocrPages(filePath, toOcr, (page, total) => options.onProgress?.({ stage: 'ocr', page, total }));
    for (const r of results) {
      const at = contents.findIndex((c) => c.number === r.page);
      const old = contents[at]!;
      if (r.content) {
        contents[at] = r.content;
        pageInfo.set(r.page, { ...pageOf(r.content, 'ocr'), ocrConfidence: r.confidence });
      } else {
        pageInfo.set(r.page, { ...pageOf(old, 'none'), status: 'failed', problem: `OCR failed: ${r.error ?? 'unknown error'}` });
      }
    }
  } else {
    for (const n of toOcr) {
      const old = contents.find((c) => c.number === n)!;
      pageInfo.set(n, { ...pageOf(old, 'none'), status: 'failed', problem: 'the page has no text layer and OCR was not run' });
    }
  }

  const { pages, removed: furniture } = stripFurniture(contents);
  const lines = new Map<number, Line[]>(pages.map((p) => [p.number, buildLines(p.number, p.items)]));

  const tagsTables = documentTagsTables(pages);
  const pageTables = pages.flatMap((p) => extractPageTables(p, lines.get(p.number) ?? [], tagsTables));
  const merged = mergeAcrossPages(pageTables);
  const sections = buildSections(
    pages,
    lines,
    pageTables.map((t) => ({ page: t.page, bbox: t.bbox })),
  );
  const tables: Table[] = merged.map((t, i) => {
    const section = sectionAt(sections, t.pages[0]!, t.firstBbox.y, lines);
    return {
      id: `t${i + 1}`,
      pages: t.pages,
      caption: t.caption ?? section?.heading ?? '',
      sectionId: section?.id ?? null,
      header: t.header,
      rows: t.rows,
      rowKinds: t.rowKinds,
      rowPages: t.rowPages,
      unit: t.unit,
    };
  });
  // OCR'd numbers are checked against the table's own sums and differences; a misread is flagged, not guessed.
  const ocrd = (t: Table) => t.pages.some((n) => pageInfo.get(n)?.textSource === 'ocr');
  const figures = tables.flatMap((t) => (ocrd(t) ? checkArithmetic(t, figuresOf(id, t)) : figuresOf(id, t)));
  const meta = readMetadata(pdf, lines, furniture);

  return ParsedDocument.parse({
    document: {
      id,
      ...meta,
      pageCount: pdf.pageCount,
      sha256: pdf.sha256,
      tagged: pdf.tagged && !options.ignoreTags,
      fileName: pdf.fileName,
    },
    pages: [...pageInfo.values()].sort((a, b) => a.number - b.number),
    sections,
    tables,
    figures,
  });
}

function pageOf(c: PageContent, textSource: PageInfo['textSource']): PageInfo {
  return { number: c.number, width: c.width, height: c.height, textSource, ocrConfidence: null, status: 'ok', problem: null, noisyText: false };
}

function failedPage(number: number, error: string): PageInfo {
  return { number, width: 0, height: 0, textSource: 'none', ocrConfidence: null, status: 'failed', problem: error, noisyText: false };
}

/**
 * The section a table belongs to: the last section whose heading stands above the table. Headings on the table's
 * own page are found among its lines, so a table printed before a new heading on the same page is not filed under
 * that heading.
 */
function sectionAt(sections: ParsedDocument['sections'], page: number, y: number, lines: Map<number, Line[]>) {
  const norm = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase();
  const pageLines = lines.get(page) ?? [];
  let found: ParsedDocument['sections'][number] | undefined;
  for (const s of sections) {
    if (s.pageStart > page) break;
    if (s.pageStart < page) {
      found = s;
      continue;
    }
    const heading = norm(s.heading).slice(0, 40);
    const line = pageLines.find((l) => norm(l.text).includes(heading));
    if (!line || line.top <= y) found = s;
  }
  return found;
}
