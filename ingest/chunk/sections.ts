import type { Section } from '../../src/model/document.ts';

export interface Passage {
  text: string;
  pages: number[];
}

export interface PassageOptions {
  /** A passage closes once it reaches this many characters (at a line end). */
  maxChars: number;
  /** Characters of trailing lines carried into the next passage, so a sentence cut at the border is whole in one. */
  overlapChars: number;
}

export const PASSAGE_DEFAULTS: PassageOptions = { maxChars: 900, overlapChars: 220 };

/**
 * Splits a section's text into overlapping passages at line ends. Pages come from form feeds in the text where
 * the section builder puts them, else they are interpolated over the section's page span by character offset.
 */
export function sectionPassages(section: Section, options: PassageOptions = PASSAGE_DEFAULTS): Passage[] {
  const lines: { text: string; page: number | null; offset: number }[] = [];
  let page = section.pageStart;
  let offset = 0;
  const hasFormFeeds = section.text.includes('\f');
  for (const [i, part] of section.text.split('\f').entries()) {
    if (i > 0) page++;
    for (const raw of part.split('\n')) {
      const text = raw.replace(/\s+$/u, '');
      if (text.trim()) lines.push({ text, page: hasFormFeeds ? page : null, offset });
      offset += raw.length + 1;
    }
  }
  const total = Math.max(1, offset);
  const span = section.pageEnd - section.pageStart;
  const pageAt = (l: (typeof lines)[number]) => l.page ?? section.pageStart + Math.min(span, Math.floor((l.offset / total) * (span + 1)));

  const out: Passage[] = [];
  let start = 0;
  while (start < lines.length) {
    let end = start;
    let size = 0;
    while (end < lines.length && (size < options.maxChars || end === start)) size += lines[end++]!.text.length + 1;
    const chosen = lines.slice(start, end);
    const pages = [...new Set(chosen.map(pageAt))].sort((a, b) => a - b);
    out.push({ text: chosen.map((l) => l.text).join('\n'), pages });
    if (end >= lines.length) break;
    // Step back over the last lines, up to the overlap, but always move forward.
    let back = end;
    let carried = 0;
    while (back - 1 > start && carried + lines[back - 1]!.text.length <= options.overlapChars) carried += lines[--back]!.text.length + 1;
    start = back;
  }
  return out;
}
