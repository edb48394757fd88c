import { tool, type StructuredToolInterface } from '@langchain/core/tools';
import { change, difference, share, sum } from '../../calc/arithmetic.ts';
import { deficits } from '../../calc/deficits.ts';
import { queryFigures } from '../../calc/figures.ts';
import { trend } from '../../calc/trend.ts';
import type { AnswerValue, Citation } from '../../model/answer.ts';
import { CalculateArgs, DeficitsArgs, FiguresArgs, SearchArgs, TrendArgs } from '../../model/answer-tools.ts';
import type { CalcFigure } from '../../model/calc.ts';
import type { ScoredChunk } from '../../model/chunk.ts';
import { citationOfFigure, valueOfFigure } from '../compose.ts';
import type { Knowledge } from '../knowledge.ts';
import { formatNumber, numbersIn, squash } from '../text.ts';
import { documentText } from './wrap.ts';

/** A number a source holds, in the unit it is stated in (null: none stated). */
export interface SourceNumber {
  value: number;
  unit: string | null;
}

/**
 * What the model may cite: a retrieved passage (`S1`), a table figure (`F1`) or a result of the calc engine (`C1`).
 * `numbers` are what a sentence citing it may state; `citations` what the answer shows for it.
 */
export interface Source {
  id: string;
  numbers: SourceNumber[];
  citations: Citation[];
  pages: number[];
  /** The figure the source is, or the result it computed: the answer's values. */
  value?: AnswerValue;
}

/** Numbers of document text, read as Swedish documents print them, without units the text does not state. */
const numbersOfText = (text: string): SourceNumber[] => numbersIn(text).map((n) => ({ value: n.value, unit: n.unit }));

/**
 * The tools of one question over the same retrieval and calc engine as the extractive answerer, limited to the
 * documents in the question's scope. Every string from a document goes out wrapped as document text.
 */
export class ToolBox {
  readonly sources: Source[] = [];
  readonly retrieved: ScoredChunk[] = [];
  private readonly figureById = new Map<string, CalcFigure>();
  private counts = { S: 0, F: 0, C: 0 };

  constructor(
    private readonly knowledge: Knowledge,
    private readonly allowed: ReadonlySet<string>,
  ) {}

  tools(): StructuredToolInterface[] {
    const run = <A>(fn: (a: A) => Promise<string> | string) => async (a: A) => {
      try {
        return await fn(a);
      } catch (err) {
        // Messages of the calc engine name row labels: document text like any other.
        return `error: ${documentText(err instanceof Error ? err.message : String(err))}`;
      }
    };
    return [
      tool(run((a: SearchArgs) => this.search(a)), {
        name: 'search_documents',
        description: 'Hybrid search over the stored documents. Returns passages and table rows with ids S1, S2, … to cite.',
        schema: SearchArgs,
      }),
      tool(run((a: FiguresArgs) => this.figures(a)), {
        name: 'find_figures',
        description: 'Table figures whose row label matches, with measure (utfall, budget, prognos, avvikelse, …), period, unit and ids F1, F2, … to cite.',
        schema: FiguresArgs,
      }),
      tool(run((a: CalculateArgs) => this.calculate(a)), {
        name: 'calculate',
        description: 'Sum, difference (a − b), change (from → to, with %) or share (part / whole in %) of figures given by their F ids. Returns a result id C1, C2, … to cite.',
        schema: CalculateArgs,
      }),
      tool(run((a: DeficitsArgs) => this.deficits(a)), {
        name: 'deficits_per_area',
        description: "Deficits and surpluses per row of the deviation column of a document's tables, with their sum (C id) and the printed total.",
        schema: DeficitsArgs,
      }),
      tool(run((a: TrendArgs) => this.trend(a)), {
        name: 'trend',
        description: "An indicator (row label) over the years, stitched across documents, with each year's source (F ids) and the change (C id).",
        schema: TrendArgs,
      }),
    ];
  }

  private nextId(kind: 'S' | 'F' | 'C'): string {
    return `${kind}${++this.counts[kind]}`;
  }

  private check(id: string | undefined): void {
    if (id !== undefined && !this.allowed.has(id)) throw new Error(`document ${id} is outside the question's scope or not stored`);
  }

  private addFigure(f: CalcFigure): string {
    const id = this.nextId('F');
    const described = [f.label, f.columnLabel.join(' '), f.measure, f.period.text].filter(Boolean).join(' | ');
    const value = `${formatNumber(f.value, 'sv')}${f.unit ? ` ${f.unit}` : ''}`;
    this.figureById.set(id, f);
    this.sources.push({
      id,
      numbers: [{ value: f.value, unit: f.unit }, ...numbersOfText(described)],
      citations: [citationOfFigure(this.knowledge, f)],
      pages: [f.source.page],
      value: valueOfFigure(f),
    });
    return `${id}: ${documentText(described)} = ${value} (${documentText(f.source.documentId)} s. ${f.source.page})`;
  }

  /** A result of the calc engine, citable as C…; its figures' sources are what it cites. */
  private addComputed(label: string, numbers: SourceNumber[], figures: CalcFigure[], formula: string, value?: AnswerValue): string {
    const id = this.nextId('C');
    this.sources.push({
      id,
      numbers: [...numbers, ...numbersOfText(formula)],
      citations: figures.map((f) => citationOfFigure(this.knowledge, f)),
      pages: figures.map((f) => f.source.page),
      value,
    });
    return `${id}: ${label}: ${numbers.map((n) => `${formatNumber(n.value, 'sv')}${n.unit ? ` ${n.unit}` : ''}`).join('; ')} (${documentText(formula)})`;
  }

  private async search(a: SearchArgs): Promise<string> {
    a.documentIds?.forEach((id) => this.check(id));
    const ids = a.documentIds?.length ? a.documentIds : [...this.allowed];
    const hits = await this.knowledge.search(a.query, { documentId: ids }, a.limit);
    this.retrieved.push(...hits);
    return (
      hits
        .map((h) => {
          const id = this.nextId('S');
          const text = squash(h.chunk.text).slice(0, 700);
          const page = h.chunk.pages[0]!;
          const section = h.chunk.headingPath.join(' › ');
          this.sources.push({ id, numbers: numbersOfText(`${section} ${text}`), citations: [{ document: h.chunk.documentId, page, section, quote: text }], pages: [page] });
          return `${id} (${documentText(h.chunk.documentId)} s. ${page}${section ? `, ${documentText(section)}` : ''}) ${documentText(text)}`;
        })
        .join('\n') || 'no passages found'
    );
  }

  private figures(a: FiguresArgs): string {
    this.check(a.documentId);
    const ids = a.documentId ? [a.documentId] : [...this.allowed];
    const figs = ids.flatMap((id) =>
      queryFigures(this.knowledge.figures(id), { label: a.label, labelMatch: 'contains', measure: a.measure ? [a.measure] : undefined, period: a.year ? { year: a.year } : undefined }),
    );
    return figs.slice(0, 25).map((f) => this.addFigure(f)).join('\n') || 'no figures found';
  }

  private calculate(a: CalculateArgs): string {
    const figs = a.figures.map((id) => {
      const f = this.figureOf(id);
      if (!f) throw new Error(`${id} is not a figure id from an earlier result`);
      return f;
    });
    if (a.operation !== 'sum' && figs.length !== 2) throw new Error(`${a.operation} takes two figures`);
    const r = a.operation === 'sum' ? sum(figs) : a.operation === 'difference' ? difference(figs[0]!, figs[1]!) : a.operation === 'change' ? change(figs[0]!, figs[1]!) : share(figs[0]!, figs[1]!);
    const numbers: SourceNumber[] = [{ value: r.value, unit: r.unit }];
    if (r.pct !== null) numbers.push({ value: r.pct, unit: '%' });
    if (r.magnitudeChange !== null && r.magnitudeChange !== undefined) numbers.push({ value: r.magnitudeChange, unit: r.unit });
    return this.addComputed(a.operation, numbers, figs, r.formula, { label: a.operation, period: '', value: r.value, unit: r.unit ?? '' });
  }

  private deficits(a: DeficitsArgs): string {
    this.check(a.documentId);
    const doc = this.knowledge.document(a.documentId);
    if (!doc) throw new Error(`no document ${a.documentId}`);
    const bs = deficits(doc, { documentId: a.documentId, period: a.round ? { round: a.round } : undefined });
    return (
      bs
        .slice(0, 4)
        .map((b) => {
          const rows = b.areas.map((x) => this.addFigure(x.figure)).join('\n');
          const totals: SourceNumber[] = [
            { value: b.deficitSum, unit: b.unit },
            { value: b.surplusSum, unit: b.unit },
            { value: b.sum, unit: b.unit },
            ...(b.printedTotal ? [{ value: b.printedTotal.value, unit: b.unit }] : []),
          ];
          const label = `deficit sum; surplus sum; sum of all rows${b.printedTotal ? '; printed total' : ''}`;
          const computed = this.addComputed(label, totals, b.figures, b.formula, { label: b.caption, period: b.column.period.text, value: b.deficitSum, unit: b.unit ?? '' });
          return `${documentText(`${b.caption} [${b.column.header.join(' ')}]`)}\n${rows}\n${computed}`;
        })
        .join('\n') || 'no deviation columns found'
    );
  }

  private trend(a: TrendArgs): string {
    const docs = [...this.allowed].map((id) => this.knowledge.document(id)).filter((d) => d !== null);
    const t = trend(docs, { label: a.label, fromYear: a.fromYear, toYear: a.toYear });
    const points = t.points.map((p) => this.addFigure(p.figure));
    const changes: SourceNumber[] = [
      ...(t.change !== null ? [{ value: t.change, unit: t.unit }] : []),
      ...(t.changePct !== null ? [{ value: t.changePct, unit: '%' }] : []),
      ...(t.changePerYear !== null ? [{ value: t.changePerYear, unit: t.unit }] : []),
    ];
    return [...points, this.addComputed('change; change in %; change per year', changes, t.figures, t.formula)].join('\n');
  }

  private figureOf(id: string): CalcFigure | undefined {
    return this.figureById.get(id);
  }
}
