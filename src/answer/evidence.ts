import type { CalcFigure } from '../model/calc.ts';
import type { ScoredChunk } from '../model/chunk.ts';
import type { Knowledge } from './knowledge.ts';
import type { Route } from './router.ts';
import { HEAD_ENDINGS, fold, numbersIn, sentences, squash, termIn, words, type TextNumber } from './text.ts';

/** A sentence or a table row that may answer the question, with what is needed to quote and cite it. */
export interface Candidate {
  kind: 'sentence' | 'row';
  documentId: string;
  page: number;
  section: string;
  /** Verbatim text to quote: the sentence, or the row's cells joined by spaces. */
  quote: string;
  /** Text the question's terms are matched against: the quote plus its heading, caption, header or previous sentence. */
  context: string;
  numbers: TextNumber[];
  /** For rows: the calc engine's figures of the row. */
  figures: CalcFigure[];
  tableId: string | null;
  row: number | null;
  /** For sentences: the sentence before it in the passage (it often names what this one's figure is about). */
  before?: string;
  /** Rank of the chunk it came from (0 = best). */
  rank: number;
  score: number;
  coverage: number;
}

/** Splits retrieved chunks into sentences and table rows, deduplicated, each tagged with its chunk's rank. */
export function candidatesOf(chunks: ScoredChunk[], knowledge: Knowledge): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  chunks.forEach(({ chunk }, rank) => {
    const section = chunk.headingPath.join(' › ') || (chunk.sectionNumber ?? '');
    if (chunk.kind === 'text') {
      const ss = sentences(chunk.text);
      ss.forEach((s, i) => {
        const key = `${chunk.documentId}|${fold(s)}`;
        if (seen.has(key) || s.length < 12) return;
        seen.add(key);
        const prev = ss[i - 1] ?? '';
        const next = ss[i + 1] ?? '';
        out.push({
          kind: 'sentence',
          documentId: chunk.documentId,
          page: pageOfSentence(chunk.text, s, chunk.pages),
          section,
          quote: s,
          context: `${section} ${prev} ${s} ${next.length < 120 ? next : ''}`,
          before: prev,
          numbers: numbersIn(s),
          figures: [],
          tableId: null,
          row: null,
          rank,
          score: 0,
          coverage: 0,
        });
      });
      return;
    }
    if (!chunk.tableId) return;
    const doc = knowledge.document(chunk.documentId);
    const table = doc?.tables.find((t) => t.id === chunk.tableId);
    if (!table) return;
    const rowMatch = /:r(\d+)$/.exec(chunk.id);
    const rows = rowMatch ? [Number(rowMatch[1])] : table.rows.map((_, i) => i);
    const figures = knowledge.figures(chunk.documentId).filter((f) => f.source.tableId === table.id);
    for (const r of rows) {
      const cells = table.rows[r];
      if (!cells || table.rowKinds[r] === 'group') continue;
      const quote = squash(cells.filter((c) => c.trim()).join(' '));
      const key = `${chunk.documentId}|${table.id}|${r}`;
      if (seen.has(key) || !quote) continue;
      seen.add(key);
      const rowFigures = figures.filter((f) => f.source.row === r);
      const header = table.header.map((h) => h.join(' ')).join(' ');
      out.push({
        kind: 'row',
        documentId: chunk.documentId,
        page: table.rowPages[r] ?? table.pages[0]!,
        section: section || table.caption,
        quote,
        context: `${table.caption} ${rowFigures[0]?.labelPath.join(' ') ?? ''} ${quote} ${header} ${table.unit ?? ''}`,
        numbers: numbersIn(quote),
        figures: rowFigures,
        tableId: table.id,
        row: r,
        rank: rank + (rowMatch ? 0 : 2),
        score: 0,
        coverage: 0,
      });
    }
  });
  return out;
}

/**
 * Table rows found through the calc engine's figures rather than text retrieval: every row of the scoped documents
 * whose label (with its group and the table caption) covers the question's terms. Retrieval ranks rows among prose and
 * can miss one; the labels are few enough to scan.
 */
export function rowCandidatesFromFigures(knowledge: Knowledge, documentIds: string[], terms: string[], limit = 30): Candidate[] {
  if (!terms.length) return [];
  const scored: { figs: CalcFigure[]; cov: number }[] = [];
  for (const id of documentIds) {
    for (const row of rowsOf(knowledge.figures(id))) {
      const cov = coverageOf(terms, row.toks);
      if (cov >= 0.5) scored.push({ figs: row.figs, cov });
    }
  }
  scored.sort((a, b) => b.cov - a.cov);
  return scored.slice(0, limit).flatMap(({ figs }) => rowCandidate(knowledge, figs, 8) ?? []);
}

/** With nothing named but the committee and a measure: the documents' total rows, largest first. */
export function totalRowCandidates(knowledge: Knowledge, documentIds: string[], limit = 12): Candidate[] {
  const rows = documentIds.flatMap((id) => rowsOf(knowledge.figures(id)).filter((r) => r.figs[0]!.rowKind === 'total'));
  const size = (r: { figs: CalcFigure[] }) => Math.max(...r.figs.map((f) => Math.abs(f.kronor ?? f.value)));
  return rows
    .sort((a, b) => size(b) - size(a))
    .slice(0, limit)
    .flatMap((r) => rowCandidate(knowledge, r.figs, 6) ?? []);
}

/** A table row as a candidate, from the calc engine's figures of that row. */
function rowCandidate(knowledge: Knowledge, figs: CalcFigure[], rank: number): Candidate | null {
  const f = figs[0]!;
  const doc = knowledge.document(f.source.documentId);
  const table = doc?.tables.find((t) => t.id === f.source.tableId);
  const cells = table?.rows[f.source.row];
  if (!table || !cells) return null;
  const quote = squash(cells.filter((c) => c.trim()).join(' '));
  const section = (table.sectionId && doc?.sections.find((s) => s.id === table.sectionId)?.path.join(' › ')) || table.caption;
  return {
    kind: 'row',
    documentId: f.source.documentId,
    page: table.rowPages[f.source.row] ?? table.pages[0]!,
    section,
    quote,
    context: `${table.caption} ${f.labelPath.join(' ')} ${quote} ${table.header.map((h) => h.join(' ')).join(' ')} ${table.unit ?? ''}`,
    numbers: numbersIn(quote),
    figures: figs,
    tableId: table.id,
    row: f.source.row,
    rank,
    score: 0,
    coverage: 0,
  };
}

/**
 * Rows of the tables printed on the pages where prose about the subject stands: a table whose caption or section
 * was not read (rows labelled only by year) is still found through the text that introduces it.
 */
export function rowsBesideProse(knowledge: Knowledge, cands: Candidate[], terms: string[]): Candidate[] {
  if (!terms.length) return [];
  const pages = new Set<string>();
  for (const c of cands) {
    if (c.kind === 'sentence' && coverage(terms, `${c.section} ${c.before ?? ''} ${c.quote}`) >= 0.7) pages.add(`${c.documentId}|${c.page}`);
  }
  const out: Candidate[] = [];
  for (const key of pages) {
    const [docId, page] = [key.slice(0, key.lastIndexOf('|')), Number(key.slice(key.lastIndexOf('|') + 1))];
    for (const row of rowsOf(knowledge.figures(docId))) {
      const f = row.figs[0]!;
      if (f.source.page !== page && f.source.page !== page + 1) continue;
      const c = rowCandidate(knowledge, row.figs, 6);
      if (c) out.push(c);
    }
  }
  return out.slice(0, 60);
}

const ROWS = new WeakMap<CalcFigure[], { figs: CalcFigure[]; toks: string[] }[]>();

/** A document's figures grouped by table row, with the row's label and caption words; computed once per document. */
function rowsOf(figures: CalcFigure[]): { figs: CalcFigure[]; toks: string[] }[] {
  let rows = ROWS.get(figures);
  if (!rows) {
    const byRow = new Map<string, CalcFigure[]>();
    for (const f of figures) {
      const k = `${f.source.tableId}|${f.source.row}`;
      const list = byRow.get(k);
      if (list) list.push(f);
      else byRow.set(k, [f]);
    }
    rows = [...byRow.values()].map((figs) => ({ figs, toks: words(`${figs[0]!.labelPath.join(' ')} ${figs[0]!.source.caption}`) }));
    ROWS.set(figures, rows);
  }
  return rows;
}

/** Adds candidates not already present (same document, table and row, or same sentence). */
export function mergeCandidates(a: Candidate[], b: Candidate[]): Candidate[] {
  const key = (c: Candidate) => (c.kind === 'row' ? `${c.documentId}|${c.tableId}|${c.row}` : `${c.documentId}|${fold(c.quote)}`);
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((c) => !seen.has(key(c)))];
}

/** The page of a sentence in a passage spanning pages, by its position in the text. */
export function pageOfSentence(text: string, sentence: string, pages: number[]): number {
  if (pages.length === 1) return pages[0]!;
  // Chunks spanning pages carry form feeds or page marks rarely; estimate by position in the text.
  const at = squash(text).indexOf(sentence.slice(0, 40));
  if (at < 0) return pages[0]!;
  const frac = at / Math.max(1, squash(text).length);
  return pages[Math.min(pages.length - 1, Math.floor(frac * pages.length))]!;
}

/** Per term, 0.5–1.5: terms that few candidates contain tell them apart; a word in every table caption does not. */
export function rarityOf(terms: string[], cands: Candidate[]): Map<string, number> {
  const out = new Map<string, number>();
  if (cands.length < 4) return out;
  const toks = cands.map((c) => words(c.context));
  for (const t of terms) {
    const alts = t.split('|');
    const df = toks.filter((ts) => alts.some((a) => termIn(a, ts))).length / toks.length;
    out.set(t, 1.5 - df);
  }
  return out;
}

/** Share of the question's terms (weighted by length: long words are specific) found in a text. */
export function coverage(terms: string[], text: string, rarity?: Map<string, number>): number {
  return coverageOf(terms, words(text), rarity);
}

export function coverageOf(terms: string[], toks: readonly string[], rarity?: Map<string, number>): number {
  if (!terms.length) return 1;
  let have = 0;
  let all = 0;
  for (const t of terms) {
    const w = Math.min(3, Math.max(1, t.split('|')[0]!.length / 4)) * (rarity?.get(t) ?? 1);
    all += w;
    // `vob|omsorgsboend`: an abbreviation or its spelled-out form.
    const alts = t.split('|');
    if (alts.some((a) => termIn(a, toks) || (a.includes('-') && a.split('-').every((p) => p.length < 3 || termIn(p, toks))))) have += w;
    else have += w * Math.max(...alts.map((a) => compoundHit(a, toks)));
  }
  return all ? have / all : 1;
}

/**
 * A Swedish compound in the question written apart in the text (`fältverksamheten` ↔ `fältande verksamhet`): 1 when
 * both halves are found, 0.5 when only the head (first half) is.
 */
function compoundHit(term: string, toks: readonly string[]): number {
  if (term.length < 9) return 0;
  let best = 0;
  // Its head alone (`ram` for `budgetram`): the text names the kind of thing without the question's modifier.
  for (let i = 5; i <= term.length - 3; i++) {
    const tail = term.slice(i);
    if (toks.some((t) => t === tail || (t.startsWith(tail) && HEAD_ENDINGS.has(t.slice(tail.length))))) {
      best = 0.5;
      break;
    }
  }
  for (let i = 4; i <= term.length - 4; i++) {
    const head = term.slice(0, i);
    const tail = term.slice(i).replace(/^s(?=[a-z]{4})/, '');
    const h = toks.some((t) => t.startsWith(head));
    if (!h) continue;
    const tl = toks.some((t) => t.startsWith(tail.slice(0, Math.max(4, tail.length - 2))));
    best = Math.max(best, tl ? 1 : head.length >= 5 ? 0.5 : 0);
  }
  return best;
}

const MONEY = new Set(['kr', 'tkr', 'mnkr', 'mdkr', '%']);
const isDay = (text: string, n: TextNumber) => /^\s*(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)/i.test(text.slice(n.index + n.raw.length));

const isYear = (n: TextNumber) => Number.isInteger(n.value) && n.value >= 1990 && n.value <= 2035 && !n.unit;

/** Whether a candidate holds the kind of value the question wants. */
export function holdsExpected(c: Candidate, route: Route): boolean {
  const nums = c.numbers;
  switch (route.expects) {
    case 'year':
      return nums.some(isYear);
    case 'date':
      return nums.some(isYear) || /\b\d{1,2}\s+(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)/i.test(c.quote);
    case 'percent':
      return nums.some((n) => n.unit === '%') || c.figures.some((f) => f.unit === '%' || f.measure === 'förbrukning') || /%/.test(c.quote);
    case 'count':
      // A count is neither money, a share, a year nor the day of a date (`16 maj`).
      return nums.some((n) => !isYear(n) && !MONEY.has(n.unit ?? '') && !isDay(c.quote, n)) || c.figures.length > 0;
    case 'amount':
      // An amount of money: a sentence must state one in kronor (a count of places is not a cost).
      return c.kind === 'row' ? c.figures.length > 0 : nums.some((n) => MONEY.has(n.unit ?? '') && n.unit !== '%');
    default:
      return true;
  }
}
