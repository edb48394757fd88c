import { z } from 'zod';
import { DocumentType, RowKind } from './document.ts';

/** What a column measures, read from its header (`Budget-Utfall` → avvikelse, `Bedömning 2024` → prognos). */
export const MeasureKind = z.enum([
  'utfall',
  'budget',
  'prognos',
  'avvikelse',
  'förbrukning',
  'målvärde',
  'plan',
  'förändring',
  'belopp',
  /** A bare year or a header that names no measure. */
  'värde',
]);
export type MeasureKind = z.infer<typeof MeasureKind>;

export const Period = z.object({
  year: z.number().int().nullable(),
  /** Where the year was read: the column header, the row label (years as rows), or the document's own year. */
  yearFrom: z.enum(['header', 'row', 'document']).nullable(),
  /** Part of the year: `helår`, `jan–aug`, … ; null when the header does not say (a whole year). */
  span: z.string().nullable(),
  /** The forecast round or month (`Prognos 2`, `oktober`). */
  round: z.string().nullable(),
  /** As a person would write it: `Prognos 2 helår 2022`. */
  text: z.string(),
});
export type Period = z.infer<typeof Period>;

/** What a query asks of a column; every field given must match. */
export const PeriodSpec = z.object({
  year: z.number().int().optional(),
  span: z.string().optional(),
  round: z.string().optional(),
});
export type PeriodSpec = z.infer<typeof PeriodSpec>;

export const Provenance = z.object({
  documentId: z.string(),
  tableId: z.string(),
  caption: z.string(),
  page: z.number().int().positive(),
  row: z.number().int().nonnegative(),
  col: z.number().int().positive(),
  raw: z.string(),
});
export type Provenance = z.infer<typeof Provenance>;

/** A table figure with what it measures, for when, and where it was printed. */
export const CalcFigure = z.object({
  value: z.number(),
  /** Normalized unit (`tkr`, `mnkr`, `kr`, `%`, `dygn`, …) or null when nothing states one. */
  unit: z.string().nullable(),
  /** The value in kronor for money units, else null. */
  kronor: z.number().nullable(),
  measure: MeasureKind,
  period: Period,
  /** What else the column header says (`Soc öster`, `utan ensamk.`). */
  qualifier: z.string().nullable(),
  /** The row label as printed (cleaned of line-break hyphenation and whitespace). */
  label: z.string(),
  /** Normalized label for matching across documents and OCR spellings. */
  labelKey: z.string(),
  /** Group row and, for `- kvinnor` style rows, the row they belong to; outermost first. */
  labelPath: z.array(z.string()),
  columnLabel: z.array(z.string()),
  rowKind: RowKind,
  uncertain: z.string().nullable(),
  source: Provenance,
});
export type CalcFigure = z.infer<typeof CalcFigure>;

/** Where a router points a calculation: document, table, row label, measure, period, column qualifier. */
export const FigureQuery = z.object({
  documentId: z.string().optional(),
  tableId: z.string().optional(),
  label: z.string().optional(),
  /** `exact` (normalized, OCR-tolerant) or `contains` (every word of the query in the label). */
  labelMatch: z.enum(['exact', 'contains']).default('exact'),
  measure: z.array(MeasureKind).optional(),
  period: PeriodSpec.optional(),
  qualifier: z.string().optional(),
  rowKind: z.array(RowKind).optional(),
});
export type FigureQuery = z.input<typeof FigureQuery>;

const Formula = z.string().describe('The calculation in words, with the figures used.');

export const AreaValue = z.object({
  label: z.string(),
  value: z.number(),
  /** Share of the sum of the areas, in %; null when the areas' sum is 0 or signs are mixed. */
  sharePct: z.number().nullable(),
  /** For deviation columns: a negative deviation is a deficit. */
  result: z.enum(['underskott', 'överskott', 'balans']).nullable(),
  figure: CalcFigure,
});
export type AreaValue = z.infer<typeof AreaValue>;

export const BreakdownInput = z.object({
  documentId: z.string(),
  tableId: z.string().optional(),
  /** Default: avvikelse for `deficits`, any for `breakdown`. */
  measure: MeasureKind.optional(),
  period: PeriodSpec.optional(),
  qualifier: z.string().optional(),
  /** Keep only tables with a row matching this label (`Hemvårdsnämnd`). */
  containsLabel: z.string().optional(),
});
export type BreakdownInput = z.input<typeof BreakdownInput>;

export const Breakdown = z.object({
  documentId: z.string(),
  tableId: z.string(),
  caption: z.string(),
  column: z.object({ index: z.number().int(), header: z.array(z.string()), measure: MeasureKind, period: Period, qualifier: z.string().nullable() }),
  unit: z.string().nullable(),
  /** Sorted ascending: the largest deficit (most negative) first. */
  areas: z.array(AreaValue),
  sum: z.number(),
  deficitSum: z.number(),
  surplusSum: z.number(),
  largest: AreaValue.nullable(),
  smallest: AreaValue.nullable(),
  /** The table's own total row for the same column, if printed. */
  printedTotal: CalcFigure.nullable(),
  /** sum − printed total; 0 when they agree. */
  totalDifference: z.number().nullable(),
  formula: Formula,
  figures: z.array(CalcFigure),
});
export type Breakdown = z.infer<typeof Breakdown>;

export const BudgetOutcomeInput = z.object({
  documentId: z.string(),
  tableId: z.string().optional(),
  period: PeriodSpec.optional(),
  qualifier: z.string().optional(),
});
export type BudgetOutcomeInput = z.input<typeof BudgetOutcomeInput>;

export const BudgetOutcomeRow = z.object({
  label: z.string(),
  budget: CalcFigure,
  outcome: CalcFigure,
  deviation: z.number(),
  deviationPct: z.number().nullable(),
  result: z.enum(['underskott', 'överskott', 'balans']),
});
export const BudgetOutcome = z.object({
  documentId: z.string(),
  tableId: z.string(),
  caption: z.string(),
  unit: z.string().nullable(),
  /** `budget − utfall` when costs are printed positive, `utfall − budget` when negative: positive is always better than budget. */
  convention: z.enum(['budget-minus-outcome', 'outcome-minus-budget']),
  rows: z.array(BudgetOutcomeRow),
  formula: Formula,
  figures: z.array(CalcFigure),
});
export type BudgetOutcome = z.infer<typeof BudgetOutcome>;

export const ArithmeticResult = z.object({
  operation: z.enum(['sum', 'difference', 'share', 'change', 'largest', 'smallest']),
  value: z.number(),
  unit: z.string().nullable(),
  /** For `change`: the change in %, relative to the magnitude of the first value. */
  pct: z.number().nullable(),
  /** For `change` of two negatives (costs): how much the magnitude grew, e.g. a cost of −115 → −124 grows by 9. */
  magnitudeChange: z.number().nullable(),
  formula: Formula,
  figures: z.array(CalcFigure),
});
export type ArithmeticResult = z.infer<typeof ArithmeticResult>;

export const ChangeInput = z.object({
  label: z.string(),
  documentId: z.string().optional(),
  tableId: z.string().optional(),
  from: z.object({ measure: MeasureKind.optional(), period: PeriodSpec.optional(), qualifier: z.string().optional(), documentId: z.string().optional() }),
  to: z.object({ measure: MeasureKind.optional(), period: PeriodSpec.optional(), qualifier: z.string().optional(), documentId: z.string().optional() }),
});
export type ChangeInput = z.input<typeof ChangeInput>;

export const TrendInput = z.object({
  label: z.string(),
  /** Default: outcome-like measures (utfall, prognos, plan, värde), outcome preferred. */
  measure: z.array(MeasureKind).optional(),
  documentIds: z.array(z.string()).optional(),
  qualifier: z.string().optional(),
  fromYear: z.number().int().optional(),
  toYear: z.number().int().optional(),
});
export type TrendInput = z.input<typeof TrendInput>;

export const TrendPoint = z.object({
  year: z.number().int(),
  value: z.number(),
  unit: z.string().nullable(),
  measure: MeasureKind,
  figure: CalcFigure,
  /** Other documents' (or tables') figures for the same year; differing values are a conflict, shown, not merged. */
  alternatives: z.array(CalcFigure),
  conflict: z.boolean(),
  /** Change from the previous point of the series. */
  change: z.number().nullable(),
  changePct: z.number().nullable(),
});
export type TrendPoint = z.infer<typeof TrendPoint>;

export const Trend = z.object({
  label: z.string(),
  unit: z.string().nullable(),
  points: z.array(TrendPoint),
  /** Years inside the span that no document gives. */
  missingYears: z.array(z.number().int()),
  documents: z.array(z.string()),
  change: z.number().nullable(),
  changePct: z.number().nullable(),
  /** Change over the period divided by the number of years it spans. */
  changePerYear: z.number().nullable(),
  formula: Formula,
  figures: z.array(CalcFigure),
});
export type Trend = z.infer<typeof Trend>;

export const Inconsistency = z.object({
  check: z.enum(['sum-row', 'budget-outcome-deviation', 'across-documents']),
  documentId: z.string(),
  tableId: z.string(),
  label: z.string(),
  column: z.string(),
  expected: z.number(),
  printed: z.number(),
  difference: z.number(),
  /** `rounding` when the difference is within what rounding the figures can explain. */
  severity: z.enum(['rounding', 'error']),
  description: z.string(),
  cells: z.array(CalcFigure),
});
export type Inconsistency = z.infer<typeof Inconsistency>;

export const ConsistencyReport = z.object({
  documentId: z.string(),
  /** Identities checked, and how many held. */
  checked: z.number().int(),
  held: z.number().int(),
  problems: z.array(Inconsistency),
});
export type ConsistencyReport = z.infer<typeof ConsistencyReport>;

/** What a document contributes to calculations: its metadata, tables and figures (a ParsedDocument fits). */
export const CalcDocumentMeta = z.object({
  id: z.string(),
  title: z.string(),
  documentType: DocumentType,
  year: z.number().int().nullable(),
  period: z.string().nullable(),
});
export type CalcDocumentMeta = z.infer<typeof CalcDocumentMeta>;
