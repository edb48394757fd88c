// Measures of the OCR path against a text version of the same document, shared by `npm run eval:ocr` and the tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParsedDocument } from '../src/model/document.ts';
import { loadPdf } from '../ingest/pdf/load.ts';
import type { PageContent } from '../ingest/pdf/types.ts';

/** Words of a text, lower-cased with punctuation removed (`2025–2026` and `2025-2026` are the same word). */
export function wordsOf(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean);
}

export interface RecallReport {
  found: number;
  total: number;
  recall: number;
  pages: { page: number; found: number; total: number; recall: number }[];
}

/**
 * Of the words on each page of the text version, the share also read on the same page of the scan, counting each
 * occurrence once (a word printed three times must be read three times).
 */
export async function wordRecall(textPdf: string, scanPages: readonly PageContent[]): Promise<RecallReport> {
  const text = await loadPdf(textPdf);
  const pages: RecallReport['pages'] = [];
  for (const p of text.pages) {
    if (!p.ok) continue;
    const want = wordsOf(p.content.items.map((i) => i.str).join(' '));
    const scan = scanPages.find((s) => s.number === p.content.number);
    const bag = new Map<string, number>();
    for (const w of wordsOf((scan?.items ?? []).map((i) => i.str).join(' '))) bag.set(w, (bag.get(w) ?? 0) + 1);
    let found = 0;
    for (const w of want) {
      const n = bag.get(w) ?? 0;
      if (n > 0) {
        found += 1;
        bag.set(w, n - 1);
      }
    }
    pages.push({ page: p.content.number, found, total: want.length, recall: want.length ? found / want.length : 1 });
  }
  const found = pages.reduce((s, p) => s + p.found, 0);
  const total = pages.reduce((s, p) => s + p.total, 0);
  return { found, total, recall: total ? found / total : 1, pages };
}

export interface TableScore {
  provenance: number;
  triplesFound: number;
  triples: number;
  tablesFound: number;
  tables: number;
  parsedDir: string;
}

/**
 * Scores a parsed scan's tables against the ground truth of its text version with the shared scorer: the parse is
 * written under the text version's name into a temporary directory, beside a ground-truth directory holding only
 * that document.
 */
export function scoreScanTables(doc: ParsedDocument, gtFile: string, scorer: string): TableScore {
  const name = path.basename(gtFile, '.json');
  const root = mkdtempSync(path.join(os.tmpdir(), 'namndkoll-ocr-tables-'));
  const gtDir = path.join(root, 'gt');
  const parsedDir = path.join(root, 'parsed');
  mkdirSync(gtDir);
  mkdirSync(parsedDir);
  execFileSync('cp', [gtFile, path.join(gtDir, `${name}.json`)]);
  writeFileSync(path.join(parsedDir, `${name}.json`), JSON.stringify(doc));
  const report = JSON.parse(execFileSync(process.execPath, [scorer, gtDir, parsedDir, '--json'], { encoding: 'utf8' })) as {
    docs: Record<string, { provenance: number; triplesFound: number; triples: number; tablesFound: number; tables: number }>;
  };
  const d = report.docs[name];
  if (!d) throw new Error(`the table scorer reported nothing for ${name}`);
  return { ...d, parsedDir };
}
