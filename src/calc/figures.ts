import type { DocumentMeta, Figure, RowKind, Table } from '../model/document.ts';
import { CalcFigure, FigureQuery, type MeasureKind } from '../model/calc.ts';
import { parseSwedishNumber } from '../../ingest/numbers/parse.ts';
import { cleanLabel, labelContains, labelKey, sameLabel } from './labels.ts';
import { periodMatches, readColumn, type ColumnReading } from './measures.ts';
import { toKronor, unitIn } from './units.ts';

/** What a document gives the calculations; a ParsedDocument or a stored document fits. */
export interface CalcDocument {
  document: Pick<DocumentMeta, 'id' | 'title' | 'documentType' | 'year' | 'period'>;
  tables: Table[];
  figures: Figure[];
}

export interface TableView {
  documentId: string;
  table: Table;
  columns: (ColumnReading & { index: number; header: string[] })[];
  /** Per body row: label, label path, and the row kind (the model's, or read from the label where it says data). */
  rows: { label: string; labelPath: string[]; kind: RowKind; labelCol: number }[];
  figures: CalcFigure[];
}

const TOTAL_LABEL = /^(?:summa|s:a|totalt?|nettokostnad|netto|justerad avvikelse)\b/i;

/** The document's year: from its metadata, else from its id (`…-verksamhetsplan-2016`). */
export function documentYear(doc: CalcDocument['document']): number | null {
  if (doc.year !== null) return doc.year;
  const years = [...doc.id.matchAll(/(?<!\d)((?:19|20)\d{2})(?!\d)/g)].map((m) => Number(m[1]));
  return years.at(-1) ?? null;
}

/**
 * When a document was issued, roughly, as a fractional year: a plan for N is written in the autumn of N − 1, an interim
 * report during N, an annual report early in N + 1. Orders documents so that the later one's figure is preferred.
 */
export function issuedAt(doc: CalcDocument['document']): number {
  const year = documentYear(doc) ?? 0;
  const kind = doc.documentType !== 'annat' ? doc.documentType : (/(verksamhetsplan|nämndplan|namndplan|budget|delårsrapport|delarsrapport|årsberättelse|arsberattelse|årsredovisning|arsredovisning|bokslut)/i.exec(doc.id)?.[1] ?? '').toLowerCase();
  if (/plan|budget/.test(kind)) return year - 0.1;
  if (/del[aå]r/.test(kind)) return year + 0.7;
  if (/[aå]rs|bokslut/.test(kind)) return year + 1.2;
  return year + 0.5;
}

const isNumbering = (s: string) => /^\d{1,2}\.?$/.test(s.trim());
const hasNumber = (cells: string[]) => cells.some((c) => parseSwedishNumber(c) !== null);

/** Reads a table once: column measures and periods, row labels with their groups, and its figures. */
export function viewTable(doc: CalcDocument, table: Table): TableView {
  const docYear = documentYear(doc.document);
  const width = Math.max(...table.rows.map((r) => r.length), ...table.header.map((h) => h.length), 1);
  const labelHeader = table.header.map((h) => h[0] ?? '').join(' ');
  const columns = Array.from({ length: width }, (_, index) => {
    const header = table.header.map((h) => h[index] ?? '').filter((h, i, all) => h && all.indexOf(h) === i);
    return { ...readColumn(header, docYear), index, header };
  });

  const rows: TableView['rows'] = [];
  let group: string | null = null;
  let parent: string | null = null;
  table.rows.forEach((cells, i) => {
    const labelCol = isNumbering(cells[0] ?? '') && cells[1] && parseSwedishNumber(cells[1]) === null ? 1 : 0;
    const label = cleanLabel(cells[labelCol] ?? '');
    const rest = cells.slice(labelCol + 1);
    let kind: RowKind = table.rowKinds[i] ?? 'data';
    if (kind === 'data' && label && rest.every((c) => !c.trim())) kind = 'group';
    if (kind === 'data' && TOTAL_LABEL.test(label)) kind = 'total';
    if (!label && rest.every((c) => !c.trim())) {
      group = parent = null;
    } else if (kind === 'group') {
      group = label;
      parent = null;
    }
    const dash = /^[-–]\s*/.test(label);
    const path = [group, dash ? parent : null].filter((x): x is string => x !== null && x !== label);
    if (!dash && kind !== 'group') parent = label;
    rows.push({ label, labelPath: [...path, label], kind, labelCol });
  });

  const modelFigures = doc.figures.filter((f) => f.tableId === table.id);
  const cells: { row: number; col: number; value: number; unit: string | null; raw: string; page: number; uncertain: string | null }[] = modelFigures.length
    ? modelFigures.map((f) => ({ row: f.row, col: f.col, value: f.value, unit: f.unit, raw: f.raw, page: f.page, uncertain: f.uncertain }))
    : table.rows.flatMap((r, row) =>
        r.flatMap((raw, col) => {
          const n = col > rows[row]!.labelCol ? parseSwedishNumber(raw) : null;
          return n ? [{ row, col, value: n.value, unit: n.unit, raw, page: table.rowPages[row] ?? table.pages[0]!, uncertain: null }] : [];
        }),
      );

  const figures = cells.flatMap((c) => {
    const column = columns[c.col];
    const row = rows[c.row];
    if (!column || !row || c.col <= row.labelCol) return [];
    let period = column.period;
    // Years as rows (`2023`, `2022*`) with measures as columns.
    if (period.year === null) {
      const y = /^((?:19|20)\d{2})\*?$/.exec(row.label);
      if (y) period = { ...period, year: Number(y[1]), yearFrom: 'row', text: `${period.text} ${y[1]}`.trim() };
    }
    const unit = c.unit ?? column.unit ?? unitIn(row.label) ?? unitIn(labelHeader) ?? (table.unit ? unitIn(table.unit) ?? table.unit : null);
    return [
      CalcFigure.parse({
        value: c.value,
        unit,
        kronor: toKronor(c.value, unit),
        measure: column.measure,
        period,
        qualifier: column.qualifier,
        label: row.label,
        labelKey: labelKey(row.label),
        labelPath: row.labelPath,
        columnLabel: column.header,
        rowKind: row.kind,
        uncertain: c.uncertain,
        source: { documentId: doc.document.id, tableId: table.id, caption: table.caption, page: c.page, row: c.row, col: c.col, raw: c.raw },
      }),
    ];
  });
  return { documentId: doc.document.id, table, columns, rows, figures };
}

export function viewTables(doc: CalcDocument): TableView[] {
  return doc.tables.map((t) => viewTable(doc, t));
}

/** Every figure of the given documents, with measure, period, normalized label and provenance. */
export function allFigures(docs: CalcDocument[]): CalcFigure[] {
  return docs.flatMap((d) => {
    let figures = read.get(d);
    if (!figures) read.set(d, (figures = viewTables(d).flatMap((v) => v.figures)));
    return figures;
  });
}

// Documents are read once: a router asks several questions of the same documents.
const read = new WeakMap<CalcDocument, CalcFigure[]>();

/** The figures a query points at: document, table, label (OCR-tolerant), measure, period, qualifier, row kind. */
export function queryFigures(figures: CalcFigure[], query: FigureQuery): CalcFigure[] {
  const q = FigureQuery.parse(query);
  const out = figures.filter(
    (f) =>
      (q.documentId === undefined || f.source.documentId === q.documentId) &&
      (q.tableId === undefined || f.source.tableId === q.tableId) &&
      (q.label === undefined || (q.labelMatch === 'exact' ? sameLabel(f.label, q.label) : labelContains(f.labelPath.join(' '), q.label))) &&
      (q.measure === undefined || q.measure.includes(f.measure)) &&
      periodMatches(f.period, q.period) &&
      (q.qualifier === undefined ? true : f.qualifier !== null && labelContains(f.qualifier, q.qualifier)) &&
      (q.rowKind === undefined || q.rowKind.includes(f.rowKind)),
  );
  if (q.label === undefined || q.labelMatch !== 'exact') return out;
  // An OCR-tolerant match stands in for a label only in a document that does not print it exactly: two rows of one
  // document an edit apart (`på heltid`, `på deltid`) are two rows.
  const key = labelKey(q.label);
  const exact = new Set(out.filter((f) => labelKey(f.label) === key).map((f) => f.source.documentId));
  return exact.size ? out.filter((f) => !exact.has(f.source.documentId) || labelKey(f.label) === key) : out;
}

export const OUTCOME_LIKE: MeasureKind[] = ['utfall', 'värde', 'prognos', 'plan'];

/** A short citation: `orebro-…-2022, s. 33, t12, rad "Hemvårdsnämnd", kolumn "Prognos 2 Budget-Utfall": -47 699`. */
export function cite(f: CalcFigure): string {
  return `${f.source.documentId} s. ${f.source.page} ${f.source.tableId} "${f.label}" / "${f.columnLabel.join(' ')}": ${f.source.raw.trim()}`;
}
