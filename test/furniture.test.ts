import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { stripFurniture } from '../ingest/layout/furniture.ts';
import { loadedFile } from './helpers/corpus.ts';
import { existsSync } from 'node:fs';
import { corpusPdf, DOCS } from './helpers/shared.ts';

const TEXT_DOCS = [DOCS.vp2024, DOCS.ab2023, DOCS.dr2022, DOCS.enkoping, DOCS.vp2016];

/** First and last non-empty lines of each page, as pdftotext prints them. */
function pageEdges(file: string): { first: string; last: string }[] {
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return text
    .split('\f')
    .slice(0, -1)
    .map((p) => {
      const lines = p.split('\n').map((l) => l.trim()).filter(Boolean);
      return { first: lines[0] ?? '', last: lines.at(-1) ?? '' };
    });
}

describe('stripFurniture', () => {
  for (const name of TEXT_DOCS) {
    for (const variant of ['pdf', 'pdf-untagged'] as const) {
      // Without ../shared, the documents shipped in samples/pdf (tagged) are still checked.
      it.skipIf(!existsSync(corpusPdf(name, variant)))(`${name} (${variant}): removes the running header and the page number of every page, nothing else`, async () => {
        const file = corpusPdf(name, variant);
        const pdf = await loadedFile(file);
        const pages = pdf.pages.flatMap((p) => (p.ok ? [p.content] : []));
        const { pages: stripped, furniture, removed } = stripFurniture(pages);
        const edges = pageEdges(file);
        // pdftotext's first line of every page is the running header, its last the page number.
        expect(furniture).toEqual([edges[1]!.first]);
        for (const page of pages) {
          const mine = removed.filter((r) => r.page === page.number);
          expect(mine.map((r) => r.kind).sort(), `page ${page.number}`).toEqual(['header', 'page-number']);
          const pageNo = mine.find((r) => r.kind === 'page-number')!;
          expect(pageNo.text.replace(/\s/g, '')).toBe(edges[page.number - 1]!.last.replace(/\s/g, ''));
          const after = stripped.find((p) => p.number === page.number)!;
          const gone = page.items.length - after.items.length;
          expect(gone, `page ${page.number}`).toBeLessThanOrEqual(4);
          expect(after.items.some((i) => i.str.trim() === edges[1]!.first)).toBe(false);
        }
      });
    }
  }

  it('reads page numbers as 3, 3(12), Sida 3 av 12 and ignores numbers that do not follow the pages', () => {
    const page = (n: number, strs: [string, number][]) => ({
      number: n,
      width: 600,
      height: 800,
      items: strs.map(([str, baseline]) => ({ str, x: 100, baseline, top: baseline - 10, w: 6 * str.length, fontSize: 10, bold: false, fontName: 'f', mcid: null, confidence: null })),
      shapes: [],
      imageCoverage: 0,
      struct: null,
    });
    const pages = [1, 2, 3].map((n) =>
      page(n, [
        ['Text som inte upprepas ' + 'x'.repeat(n), 300],
        [`Sida ${n} av 3`, 780],
        [n === 2 ? '2 022' : `${n + 40}`, 20],
      ]),
    );
    const { removed } = stripFurniture(pages);
    expect(removed.filter((r) => r.kind === 'page-number').map((r) => r.text)).toEqual(['Sida 1 av 3', 'Sida 2 av 3', 'Sida 3 av 3']);
    expect(removed.some((r) => r.text.startsWith('Text'))).toBe(false);
  });
});
