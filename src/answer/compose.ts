import type { Answer, AnswerKind, AnswerValue, Citation } from '../model/answer.ts';
import type { CalcFigure } from '../model/calc.ts';
import type { Lang } from './lang.ts';
import type { Candidate } from './evidence.ts';
import type { Knowledge } from './knowledge.ts';
import { formatAmount, squash } from './text.ts';

/** Words of the answers in both languages; the answer is written in the question's. */
export const T = {
  sv: {
    source: 'Källa',
    sources: 'Källor',
    page: 's.',
    notInDocs: 'Det framgår inte av dokumenten',
    closest: 'Det som kommer närmast',
    noDocs: 'Inga lagrade dokument matchar frågans avgränsning',
    noData: 'Inga dokument är inlästa än: kör `namndkoll ingest MAPP` först.',
    computed: 'Beräkning',
    table: 'tabellen',
    row: 'raden',
    column: 'kolumnen',
    deficits: 'underskott',
    surpluses: 'överskott',
    total: 'sammanlagt',
    printedTotal: 'tabellens summarad',
    change: 'förändring',
    trend: 'Utveckling',
    missing: 'uppgift saknas för',
    and: 'och',
  },
  en: {
    source: 'Source',
    sources: 'Sources',
    page: 'p.',
    notInDocs: 'The documents do not say',
    closest: 'What comes closest',
    noDocs: 'No stored document matches the scope of the question',
    noData: 'No documents have been ingested yet: run `namndkoll ingest FOLDER` first.',
    computed: 'Calculation',
    table: 'the table',
    row: 'row',
    column: 'column',
    deficits: 'deficits',
    surpluses: 'surpluses',
    total: 'in total',
    printedTotal: "the table's total row",
    change: 'change',
    trend: 'Trend',
    missing: 'no figure for',
    and: 'and',
  },
} as const;

export function titleOf(knowledge: Knowledge, id: string): string {
  return knowledge.documents().find((d) => d.id === id)?.title || id;
}

export function sourceLine(knowledge: Knowledge, lang: Lang, documentId: string, page: number): string {
  return `${titleOf(knowledge, documentId)}, ${T[lang].page} ${page}`;
}

export function citationOf(c: Candidate): Citation {
  return { document: c.documentId, page: c.page, section: c.section, quote: squash(c.quote) };
}

/** A citation of the table row a calc figure was read from: the row's cells as printed. */
export function citationOfFigure(knowledge: Knowledge, f: CalcFigure): Citation {
  const doc = knowledge.document(f.source.documentId);
  const table = doc?.tables.find((t) => t.id === f.source.tableId);
  const cells = table?.rows[f.source.row] ?? [f.label, f.source.raw];
  const section = (table?.sectionId && doc?.sections.find((s) => s.id === table.sectionId)?.path.join(' › ')) || f.source.caption || '';
  return { document: f.source.documentId, page: f.source.page, section, quote: squash(cells.filter((c) => c.trim()).join(' ')) };
}

export function valueOfFigure(f: CalcFigure, label?: string): AnswerValue {
  return { label: label ?? [...new Set([...f.labelPath])].join(' › '), period: f.period.text || f.columnLabel.join(' '), value: f.value, unit: f.unit ?? '' };
}

/** The items in order, each key kept once (the first). */
export function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function uniqueCitations(cs: Citation[]): Citation[] {
  return uniqueBy(cs, (c) => `${c.document}|${c.page}|${c.quote}`);
}

export function made(kind: AnswerKind, answer: string, values: AnswerValue[], citations: Citation[], refused = false): Answer {
  return { answer: answer.trim(), refused, kind: refused ? 'none' : kind, values, citations: uniqueCitations(citations) };
}

export function amount(value: number, unit: string | null, lang: Lang): string {
  const decimals = Number.isInteger(value) ? 0 : Math.abs(value) >= 100 && unit === 'tkr' ? 0 : 1;
  return formatAmount(value, unit, lang, decimals);
}
