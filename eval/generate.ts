// Questions made from stored documents' tables, with answers known from the document model (issue 11, point 5).
//
// Every question names a row by its label (shortened or inflected at times) and a column by its measure and year
// (in either order), and names its document by title, kind and year, an abbreviation, or not at all when the figure
// is unambiguous in the whole store. A question is only made when the document model says its answer is unique:
// the row label (folded) and the column's measure and year identify one value in the document (or in the store, for
// an unnamed document). Nothing here names a document, committee or municipality: all of it comes from the model.
//
// Deterministic for a seed. Half of the (template, wording) pairs are held back (`heldout: true`) by a fixed, seeded
// split, so that fitting can use the other half and report on this one.
import { createHash } from 'node:crypto';
import type { DocumentMeta, Figure, ParsedDocument, Table } from '../src/model/document.ts';

export type Lang = 'sv' | 'en';
export type QuestionType = 'lookup_table' | 'calculation' | 'trend';

export interface GeneratedValue {
  label: string;
  period: string;
  value: number;
  unit: string;
}

/** One line of a generated question file: the format of ../shared/eval/dev.jsonl plus template, wording, heldout. */
export interface GeneratedQuestion {
  id: string;
  lang: Lang;
  type: QuestionType;
  question: string;
  answer: string;
  values: GeneratedValue[];
  evidence: { doc: string; quote: string }[];
  notes: string;
  template: TemplateId;
  /** The wording's key (`template/lang/n`) and the choices made for this question (label form, column order, document naming). */
  wording: string;
  heldout: boolean;
}

export const TEMPLATES = ['lookup', 'change_abs', 'change_pct', 'vs_budget', 'sum_rows', 'share', 'deviations', 'trend'] as const;
export type TemplateId = (typeof TEMPLATES)[number];

export interface GenerateOptions {
  seed?: number;
  /** Questions per document, template and language at most. */
  perTemplate?: number;
}

/* ---------------------------------------------------------------- randomness */

function hashSeed(...parts: (string | number)[]): number {
  return createHash('sha256').update(parts.join('\u0000')).digest().readUInt32LE(0);
}

/** mulberry32: small, seeded, good enough to pick and shuffle. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(xs: readonly T[], rand: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const pick = <T>(xs: readonly T[], rand: () => number): T => xs[Math.floor(rand() * xs.length)]!;

/* ---------------------------------------------------------------- reading the model */

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}%]+/gu, ' ')
    .trim();

/** Measures a column header names, Swedish word → English words. General terms of municipal accounts. */
const MEASURES: [RegExp, string, string][] = [
  // `Budget-Utfall`, `Utfall-budget`: a deviation from budget, not a budget.
  [/^(budget-?utfall|utfall-?budget|budgetavvikelse|avvikelse|avv\b)/i, 'avvikelse', 'deviation'],
  [/^utfall/i, 'utfall', 'actual'],
  [/^budget/i, 'budget', 'budget'],
  [/^prognos/i, 'prognos', 'forecast'],
  [/^bokslut/i, 'bokslut', 'closing accounts'],
  [/^återstår/i, 'återstår', 'remaining'],
  [/^differens/i, 'differens', 'difference'],
  [/^plan\b/i, 'plan', 'plan'],
  [/^(ram|budgetram)\b/i, 'ram', 'budget frame'],
  [/^intäkter/i, 'intäkter', 'revenue'],
  [/^kostnader/i, 'kostnader', 'costs'],
  [/^resultat/i, 'resultat', 'result'],
  [/^nettokostnad/i, 'nettokostnad', 'net cost'],
];

interface Column {
  /** Measure word as printed in the header (`Utfall`), or null for a header that is a year only. */
  measure: string | null;
  /** The measure's canonical Swedish word when it is a known one (`utfall`), else the folded header text. */
  measureKey: string | null;
  measureEn: string | null;
  /** The known measure the header starts with (`avvikelse` for `Budget-Utfall jan-aug`), whatever words follow. */
  kind: string | null;
  year: number | null;
  /** Header text as printed. */
  text: string;
  percent: boolean;
}

function readColumn(path: string[]): Column | null {
  const text = path.filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
  if (!text) return null;
  const years = [...text.matchAll(/(?<!\d)(19[5-9]\d|20\d\d)(?!\d)/g)].map((m) => Number(m[1]));
  const year = years.length === 1 ? years[0]! : null;
  if (years.length > 1) return null; // `2022–2023`, `Budget 2024 mot 2023`: not one year
  // The year and any unit aside (`Avvikelse, mnkr`), what is left names the measure.
  const rest = text
    .replace(/(?<!\d)(19[5-9]\d|20\d\d)(?!\d)/g, ' ')
    .replace(/(?<!\p{L})(tkr|mnkr|mkr|kr|tusental kronor|miljoner kronor)(?!\p{L})/giu, ' ')
    .replace(/[(),]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const percent = /%/.test(text);
  if (!rest) return year ? { measure: null, measureKey: null, measureEn: null, kind: null, year, text, percent } : null;
  if (!/\p{L}{3}/u.test(rest) || rest.length > 40) return null;
  const words = rest.split(' ');
  for (let i = 0; i < words.length; i++) {
    for (const [re, sv, en] of MEASURES) {
      if (re.test(words[i]!)) {
        const others = words.filter((_, j) => j !== i).join(' ');
        // A measure with other words (`Prognos intäkter helår`) keeps them, in Swedish, beside the English term.
        return { measure: rest, measureKey: others ? fold(rest) : sv, measureEn: others ? `${en} (${rest})` : en, kind: sv, year, text, percent };
      }
    }
  }
  return { measure: rest, measureKey: fold(rest), measureEn: null, kind: null, year, text, percent };
}

/** Columns whose values are already differences (deviation from budget, what remains of it). */
const DEVIATION = new Set(['avvikelse', 'återstår', 'differens']);
const MONEY = /^(tkr|mnkr|mkr|kr|kronor|tusen kronor|miljoner kronor)$/i;

/** What a question may say of a column, at its least specific (`budget 2023` for `Driftsbudget Budget 2023` too):
 * a cell is only asked about when no other cell of its row label answers to the same words. */
const askedKey = (c: Column) => `${c.kind ?? c.measureKey ?? ''}|${c.year ?? ''}`;

const colKey = (c: Column) => `${c.measureKey ?? ''}|${c.year ?? ''}`;

interface Cell {
  doc: ParsedDocument;
  table: Table;
  figure: Figure;
  column: Column;
  label: string;
  unit: string;
  quote: string;
}

const isPercentUnit = (u: string | null) => Boolean(u && /%|procent/i.test(u));

function rowQuote(table: Table, row: number): string {
  return (table.rows[row] ?? []).filter((c) => c.trim() && !/^[-–—]+$/.test(c.trim())).join(' ');
}

/** A row label that can be asked about: letters, not a footnote, not a number. */
function askableLabel(label: string): boolean {
  const l = label.replace(/\s+/g, ' ').trim();
  return l.length >= 3 && l.length <= 70 && /\p{L}{3}/u.test(l) && !/^\d/.test(l) && !/\?/.test(l);
}

function cellsOf(doc: ParsedDocument): Cell[] {
  const tables = new Map(doc.tables.map((t) => [t.id, t]));
  const out: Cell[] = [];
  const columnsByTable = new Map<string, Map<number, Column | null>>();
  for (const f of doc.figures) {
    const table = tables.get(f.tableId);
    if (!table || f.uncertain) continue;
    if (table.rowKinds[f.row] === 'group') continue;
    const label = (f.rowLabel[f.rowLabel.length - 1] ?? '').replace(/\s+/g, ' ').trim();
    if (!askableLabel(label)) continue;
    let cols = columnsByTable.get(table.id);
    if (!cols) {
      cols = new Map();
      // A column is only askable when its measure and year name it uniquely within the table.
      const read = new Map<number, Column | null>();
      const width = Math.max(0, ...table.rows.map((r) => r.length), ...table.header.map((r) => r.length));
      for (let c = 1; c < width; c++) read.set(c, readColumn(table.header.map((h) => h[c] ?? '').filter((x, i, xs) => x && xs.indexOf(x) === i)));
      const seen = new Map<string, number>();
      for (const col of read.values()) if (col) seen.set(colKey(col), (seen.get(colKey(col)) ?? 0) + 1);
      for (const [c, col] of read) cols.set(c, col && seen.get(colKey(col)) === 1 ? col : null);
      columnsByTable.set(table.id, cols);
    }
    const column = cols.get(f.col);
    if (!column) continue;
    const unit = f.unit ?? table.unit ?? '';
    out.push({ doc, table, figure: f, column: { ...column, percent: column.percent || isPercentUnit(unit) || /%/.test(f.raw) }, label, unit: /%/.test(f.raw) ? '%' : unit, quote: rowQuote(table, f.row) });
  }
  return out;
}

/* ---------------------------------------------------------------- naming */

/** Definite forms and English names of the document kinds in src/model/document.ts. */
const KINDS: Record<string, { def: string; en: string; abbr: string | null }> = {
  verksamhetsplan: { def: 'verksamhetsplanen', en: 'operational plan', abbr: 'VP' },
  nämndplan: { def: 'nämndplanen', en: 'committee plan', abbr: 'NP' },
  budget: { def: 'budgeten', en: 'budget', abbr: null },
  delårsrapport: { def: 'delårsrapporten', en: 'interim report', abbr: 'DR' },
  årsberättelse: { def: 'årsberättelsen', en: 'annual report', abbr: 'ÅB' },
  årsbokslut: { def: 'årsbokslutet', en: 'annual accounts', abbr: null },
  årsredovisning: { def: 'årsredovisningen', en: 'annual report', abbr: 'ÅR' },
  årsredogörelse: { def: 'årsredogörelsen', en: 'annual report', abbr: null },
  styrmodell: { def: 'styrmodellen', en: 'governance model', abbr: null },
  protokoll: { def: 'protokollet', en: 'minutes', abbr: null },
};

const genitive = (name: string) => (/[sxz]$/i.test(name) ? name : `${name}s`);

/** Initials of a committee name: a word each, and N/S/R for a compound's last part (`Kultur- och fritidsnämnden` → KFN). */
export function committeeInitials(committee: string): string | null {
  const words = committee.split(/[\s-]+/).filter((w) => w && !/^(och|för|i|med)$/i.test(w));
  let out = '';
  for (const w of words) {
    const m = /^(\p{L}+?)(nämnd|styrelse|revision)(en|ens|n|ns|s)?$/iu.exec(w);
    if (m && m[1]!.length >= 3) out += m[1]![0]!.toUpperCase() + m[2]![0]!.toUpperCase();
    else out += w[0]!.toUpperCase();
  }
  return out.length >= 2 && out.length <= 5 ? out : null;
}

type DocNaming = 'title' | 'kind-year' | 'committee-kind-year' | 'municipality-kind-year' | 'abbreviation' | 'none';

/** The ways a question may name the document, with the words for each language; `none` when naming is not needed. */
function docNames(meta: DocumentMeta, lang: Lang): { naming: DocNaming; sv: string; en: string }[] {
  const out: { naming: DocNaming; sv: string; en: string }[] = [];
  const kind = KINDS[meta.documentType];
  const year = meta.year;
  const title = meta.title.replace(/\s+/g, ' ').trim();
  // A title worth naming says more than a bare kind or year.
  if (title.length >= 12 && title.length <= 70 && /\p{L}{4}/u.test(title)) out.push({ naming: 'title', sv: `enligt ${title}`, en: `according to "${title}"` });
  if (kind && year) {
    out.push({ naming: 'kind-year', sv: `i ${kind.def} ${year}`, en: `in the ${year} ${kind.en}` });
    if (meta.municipality) {
      out.push({ naming: 'municipality-kind-year', sv: `i ${genitive(meta.municipality)} ${meta.documentType} ${year}`, en: `in ${meta.municipality}'s ${year} ${kind.en}` });
    }
    if (meta.committee) {
      out.push({
        naming: 'committee-kind-year',
        sv: `enligt ${genitive(meta.committee)} ${meta.documentType} ${year}`,
        en: `according to the ${year} ${kind.en} of ${meta.committee}`,
      });
      const initials = committeeInitials(meta.committee);
      if (kind.abbr && initials) out.push({ naming: 'abbreviation', sv: `enligt ${initials}:s ${kind.abbr} ${year}`, en: `according to ${initials}'s ${kind.abbr} ${year}` });
    }
  }
  void lang;
  return out;
}

/* ---------------------------------------------------------------- labels and columns in words */

type LabelForm = 'full' | 'short' | 'inflected';

/** The row label as a user might type it: lower case, without footnote marks and parentheses, the first part of a long label. */
function labelForms(label: string): Map<LabelForm, string> {
  const full = label
    .replace(/^[-–—•·*\s]+/u, '')
    .replace(/[*¹²³.:]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
  const lower = /^\p{Lu}\p{Ll}/u.test(full) ? full[0]!.toLowerCase() + full.slice(1) : full;
  const out = new Map<LabelForm, string>([['full', lower]]);
  const short = lower.replace(/\s*\([^)]*\)\s*/g, ' ').split(/,\s|\s[-–]\s/)[0]!.trim();
  if (short !== lower && short.length >= 4 && /\p{L}{3}/u.test(short)) out.set('short', short);
  // The definite singular of a one-word label (a general rule of Swedish nouns, only for the common endings).
  if (/^\p{Ll}+$/u.test(lower) && lower.length >= 5) {
    const inflected = /(ning|het|tion|else|dom|ism|skap)$/.test(lower)
      ? /(else)$/.test(lower)
        ? `${lower}n`
        : /(skap)$/.test(lower)
          ? `${lower}et`
          : `${lower}en`
      : /a$/.test(lower)
        ? `${lower}n`
        : null;
    if (inflected) out.set('inflected', inflected);
  }
  return out;
}

type ColOrder = 'measure-year' | 'year-measure';

function columnWords(c: Column, lang: Lang, order: ColOrder): string {
  const m = lang === 'sv' ? c.measure?.toLowerCase() : (c.measureEn ?? c.measure?.toLowerCase());
  if (!m) return lang === 'sv' ? `${c.year}` : `in ${c.year}`;
  if (!c.year) return lang === 'sv' ? m : `the ${m}`;
  if (order === 'measure-year') return lang === 'sv' ? `${m} ${c.year}` : `${m} ${c.year}`;
  return lang === 'sv' ? `${c.year} års ${m}` : `the ${c.year} ${m}`;
}

const periodOf = (c: Column) => c.text;

/* ---------------------------------------------------------------- wordings */

interface Slots {
  label: string;
  col: string;
  doc: string;
  [k: string]: string;
}

/** Wordings per template and language; `{doc}` is the document's name or empty. */
const WORDINGS: Record<TemplateId, Record<Lang, string[]>> = {
  lookup: {
    sv: ['Vad var {label} {col} {doc}?', 'Hur mycket var {label} {col} {doc}?', '{Label} {col} {doc}', 'Vilket värde har {label} för {col} {doc}?'],
    en: ['What was {label} {col} {doc}?', 'How much was {label} {col} {doc}?', '{label}, {col} {doc}', 'What figure is given for {label}, {col}, {doc}?'],
  },
  change_abs: {
    sv: ['Hur mycket förändrades {label} från {col1} till {col2} {doc}?', 'Vad är skillnaden i {label} mellan {col1} och {col2} {doc}?', 'Hur stor var förändringen av {label} mellan {col1} och {col2} {doc}?'],
    en: ['How much did {label} change from {col1} to {col2} {doc}?', 'What is the difference in {label} between {col1} and {col2} {doc}?', 'By how much did {label} change between {col1} and {col2} {doc}?'],
  },
  change_pct: {
    sv: ['Med hur många procent förändrades {label} från {col1} till {col2} {doc}?', 'Hur stor var den procentuella förändringen av {label} mellan {col1} och {col2} {doc}?'],
    en: ['By what percentage did {label} change from {col1} to {col2} {doc}?', 'What was the percentage change in {label} between {col1} and {col2} {doc}?'],
  },
  vs_budget: {
    sv: ['Hur stor var avvikelsen mellan {col1} och {col2} för {label} {doc}?', 'Vad blev skillnaden mellan {col1} och {col2} för {label} {doc}?'],
    en: ['What was the deviation between {col1} and {col2} for {label} {doc}?', 'How far apart were {col1} and {col2} for {label} {doc}?'],
  },
  sum_rows: {
    sv: ['Vad blir {label1} och {label2} tillsammans {col} {doc}?', 'Summera {label1} och {label2} för {col} {doc}.', 'Hur mycket var {label1} plus {label2} {col} {doc}?'],
    en: ['What do {label1} and {label2} add up to, {col}, {doc}?', 'What is the sum of {label1} and {label2} {col} {doc}?', 'Add {label1} and {label2} for {col} {doc}.'],
  },
  share: {
    sv: ['Hur stor andel av {label2} utgjorde {label1} {col} {doc}?', 'Hur många procent av {label2} var {label1} {col} {doc}?'],
    en: ['What share of {label2} was {label1} {col} {doc}?', 'What percentage of {label2} did {label1} make up {col} {doc}?'],
  },
  deviations: {
    sv: ['Vilka poster har negativ {col} {table} {doc}, och hur stor är den för var och en?', 'Vilka rader visar underskott i kolumnen {col} i tabellen {caption} {doc}?'],
    en: ['Which lines show a negative {col} {table} {doc}, and by how much each?', 'Which rows have a deficit in the column {col} of the table {caption} {doc}?'],
  },
  trend: {
    sv: ['Hur har {label} utvecklats {range} {doc}?', 'Vad var {label} {list} {doc}?', 'Visa utvecklingen av {label} {range} {doc}.'],
    en: ['How did {label} develop {range} {doc}?', 'What was {label} {list} {doc}?', 'Show the trend of {label} {range} {doc}.'],
  },
};

function fill(pattern: string, slots: Record<string, string>): string {
  let s = pattern.replace(/\{(\w+)\}/g, (_m, k: string) => {
    if (k === 'Label') return slots.label ? slots.label[0]!.toUpperCase() + slots.label.slice(1) : '';
    return slots[k] ?? '';
  });
  s = s.replace(/\s+([?.,])/g, '$1').replace(/,\s*,/g, ',').replace(/\s+/g, ' ').trim();
  s = s.replace(/,([?.])$/, '$1');
  return s[0]!.toUpperCase() + s.slice(1);
}

/** The held-back half of (template, wording) pairs, fixed by the seed: half of each template's wordings (its two
 * languages together), so that every template is measured in both halves. */
export function heldoutWordings(seed: number): Set<string> {
  const out = new Set<string>();
  const rand = rng(hashSeed('heldout', seed));
  for (const t of TEMPLATES) {
    const keys: string[] = [];
    for (const lang of ['sv', 'en'] as const) WORDINGS[t][lang].forEach((_, i) => keys.push(`${t}/${lang}/${i}`));
    for (const k of shuffle(keys, rand).slice(0, Math.floor(keys.length / 2))) out.add(k);
  }
  return out;
}

/* ---------------------------------------------------------------- candidates */

interface Candidate {
  template: TemplateId;
  type: QuestionType;
  doc: ParsedDocument;
  /** Whether the question can leave the document unnamed (its figures are unique in the store). */
  unnamedOk: boolean;
  slots: (lang: Lang, rand: () => number) => { slots: Record<string, string>; choices: string[] };
  values: GeneratedValue[];
  evidence: { doc: string; quote: string }[];
  answer: string;
  notes: string;
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
const fmt = (x: number) => x.toLocaleString('sv-SE', { maximumFractionDigits: 2 }).replace(/\u2212/g, '-');

/** Index of (folded label, column key) → the values found, per document and for the store. */
class Uniqueness {
  private readonly perDoc = new Map<string, Map<string, Set<number>>>();
  private readonly store = new Map<string, Set<number>>();
  private readonly labelsPerDoc = new Map<string, Map<string, number>>();

  add(c: Cell): void {
    const key = `${fold(c.label)}#${askedKey(c.column)}`;
    let doc = this.perDoc.get(c.doc.document.id);
    if (!doc) this.perDoc.set(c.doc.document.id, (doc = new Map()));
    (doc.get(key) ?? doc.set(key, new Set()).get(key)!).add(c.figure.value);
    (this.store.get(key) ?? this.store.set(key, new Set()).get(key)!).add(c.figure.value);
  }

  /** Rows per table with the label, so that a label printed twice in one table (two groups) is not asked about. */
  addRows(doc: ParsedDocument): void {
    const counts = new Map<string, number>();
    for (const t of doc.tables) {
      const seen = new Set<string>();
      for (const r of t.rows) {
        const l = fold(r[0] ?? '');
        if (l && !seen.has(l)) seen.add(l);
        else if (l) counts.set(`${t.id}#${l}`, 2);
      }
    }
    this.labelsPerDoc.set(doc.document.id, counts);
  }

  /** The cell's label and column identify its value in the document (and, with `store`, in every document). */
  unique(c: Cell, store: boolean): boolean {
    const key = `${fold(c.label)}#${askedKey(c.column)}`;
    if ((this.labelsPerDoc.get(c.doc.document.id)?.get(`${c.table.id}#${fold(c.label)}`) ?? 1) > 1) return false;
    const inDoc = this.perDoc.get(c.doc.document.id)?.get(key);
    if (!inDoc || inDoc.size !== 1) return false;
    return !store || this.store.get(key)!.size === 1;
  }

  /** Same for a label in the short form a question uses: no other label in the document folds to it. */
  shortUnique(doc: ParsedDocument, full: string, short: string): boolean {
    const f = fold(short);
    if (f === fold(full)) return true;
    const prefixOf = (key: string) => key.split('#')[0]!;
    for (const key of this.perDoc.get(doc.document.id)?.keys() ?? []) {
      const l = prefixOf(key);
      if (l !== fold(full) && (l === f || l.startsWith(`${f} `))) return false;
    }
    return true;
  }
}

function candidatesOf(doc: ParsedDocument, cells: Cell[], uniq: Uniqueness): Candidate[] {
  const out: Candidate[] = [];
  const docId = doc.document.id;
  const byRow = new Map<string, Cell[]>();
  for (const c of cells) {
    const k = `${c.table.id}#${c.figure.row}`;
    (byRow.get(k) ?? byRow.set(k, []).get(k)!).push(c);
  }
  const labelSlot = (c: Cell, rand: () => number, name = 'label') => {
    const forms = [...labelForms(c.label)].filter(([, v]) => uniq.shortUnique(doc, c.label, v));
    const [form, text] = pick(forms, rand);
    return { slots: { [name]: text }, choice: `${name}:${form}` };
  };
  const value = (c: Cell, v = c.figure.value, label = c.label, period = periodOf(c.column), unit = c.unit): GeneratedValue => ({ label, period, value: v, unit });
  const ev = (c: Cell) => ({ doc: docId, quote: c.quote });
  const where = (c: Cell) => `page ${c.figure.page}, table ${c.table.id}${c.table.caption ? ` '${c.table.caption}'` : ''}, row '${c.figure.rowLabel.join(' > ')}', column '${c.column.text}'`;

  for (const c of cells) {
    if (!uniq.unique(c, false)) continue;
    out.push({
      template: 'lookup',
      type: 'lookup_table',
      doc,
      unnamedOk: uniq.unique(c, true),
      slots: (lang, rand) => {
        const l = labelSlot(c, rand);
        const order = pick(['measure-year', 'year-measure'] as const, rand);
        return { slots: { ...l.slots, col: columnWords(c.column, lang, order) }, choices: [l.choice, `col:${order}`] };
      },
      values: [value(c)],
      evidence: [ev(c)],
      answer: `${c.label}, ${c.column.text}: ${c.figure.raw}${c.unit ? ` ${c.unit}` : ''}`,
      notes: where(c),
    });
  }

  for (const row of byRow.values()) {
    const usable = row.filter((c) => uniq.unique(c, false) && !c.column.percent);
    // Same measure, two years: change.
    const byMeasure = new Map<string, Cell[]>();
    for (const c of usable) if (c.column.year && !DEVIATION.has(c.column.kind ?? '')) (byMeasure.get(c.column.measureKey ?? '') ?? byMeasure.set(c.column.measureKey ?? '', []).get(c.column.measureKey ?? '')!).push(c);
    for (const same of byMeasure.values()) {
      const sorted = [...same].sort((a, b) => a.column.year! - b.column.year!);
      for (let i = 0; i + 1 < sorted.length; i++) {
        const [a, b] = [sorted[i]!, sorted[i + 1]!];
        const diff = round(b.figure.value - a.figure.value, 3);
        const twoCols = (lang: Lang, rand: () => number) => {
          const l = labelSlot(a, rand);
          const order = pick(['measure-year', 'year-measure'] as const, rand);
          return { slots: { ...l.slots, col1: columnWords(a.column, lang, order), col2: columnWords(b.column, lang, order) }, choices: [l.choice, `col:${order}`] };
        };
        const unnamedOk = uniq.unique(a, true) && uniq.unique(b, true);
        if (diff !== 0) {
          out.push({
            template: 'change_abs',
            type: 'calculation',
            doc,
            unnamedOk,
            slots: twoCols,
            values: [value(a, diff, `${a.label}, förändring`, `${a.column.text} → ${b.column.text}`)],
            evidence: [ev(a)],
            answer: `${b.figure.raw} − (${a.figure.raw}) = ${fmt(diff)}${a.unit ? ` ${a.unit}` : ''}`,
            notes: where(a),
          });
        }
        if (diff !== 0 && a.figure.value !== 0 && Math.sign(a.figure.value) === Math.sign(b.figure.value)) {
          const pct = round(((b.figure.value - a.figure.value) / Math.abs(a.figure.value)) * 100, 1);
          out.push({
            template: 'change_pct',
            type: 'calculation',
            doc,
            unnamedOk,
            slots: twoCols,
            values: [value(a, pct, `${a.label}, förändring`, `${a.column.text} → ${b.column.text}`, '%')],
            evidence: [ev(a)],
            answer: `(${b.figure.raw} − (${a.figure.raw})) / |${a.figure.raw}| = ${fmt(pct)} %`,
            notes: where(a),
          });
        }
      }
      // Three or more years of one measure: a trend.
      if (sorted.length >= 3) {
        const years = sorted.map((c) => c.column.year!);
        out.push({
          template: 'trend',
          type: 'trend',
          doc,
          unnamedOk: sorted.every((c) => uniq.unique(c, true)),
          slots: (lang, rand) => {
            const l = labelSlot(sorted[0]!, rand);
            const m = sorted[0]!.column.measure;
            const measure = m ? (lang === 'sv' ? ` (${m.toLowerCase()})` : ` (${sorted[0]!.column.measureEn ?? m.toLowerCase()})`) : '';
            const list = lang === 'sv' ? `${years.slice(0, -1).join(', ')} och ${years.at(-1)}` : `in ${years.slice(0, -1).join(', ')} and ${years.at(-1)}`;
            const range = lang === 'sv' ? `mellan ${years[0]} och ${years.at(-1)}` : `from ${years[0]} to ${years.at(-1)}`;
            return { slots: { ...l.slots, label: `${l.slots.label}${measure}`, list, range }, choices: [l.choice] };
          },
          values: sorted.map((c) => value(c)),
          evidence: [ev(sorted[0]!)],
          answer: sorted.map((c) => `${c.column.text}: ${c.figure.raw}`).join(', '),
          notes: where(sorted[0]!),
        });
      }
    }
    // Same year, actual against budget (or forecast against budget).
    const budget = usable.find((c) => c.column.measureKey === 'budget' && c.column.year);
    const actual = budget && usable.find((c) => (c.column.measureKey === 'utfall' || c.column.measureKey === 'prognos' || c.column.measureKey === 'bokslut') && c.column.year === budget.column.year);
    if (budget && actual) {
      const diff = round(actual.figure.value - budget.figure.value, 3);
      if (diff !== 0) {
        out.push({
          template: 'vs_budget',
          type: 'calculation',
          doc,
          unnamedOk: uniq.unique(actual, true) && uniq.unique(budget, true),
          slots: (lang, rand) => {
            const l = labelSlot(actual, rand);
            const order = pick(['measure-year', 'year-measure'] as const, rand);
            return { slots: { ...l.slots, col1: columnWords(actual.column, lang, order), col2: columnWords(budget.column, lang, order) }, choices: [l.choice, `col:${order}`] };
          },
          values: [value(actual, diff, `${actual.label}, avvikelse`, `${actual.column.text} − ${budget.column.text}`)],
          evidence: [ev(actual)],
          answer: `${actual.figure.raw} − (${budget.figure.raw}) = ${fmt(diff)}${actual.unit ? ` ${actual.unit}` : ''}`,
          notes: where(actual),
        });
      }
    }
  }

  // Per table and column: sums of two data rows, shares of a total, negative deviations.
  const byColumn = new Map<string, Cell[]>();
  for (const c of cells) {
    const k = `${c.table.id}#${c.figure.col}`;
    (byColumn.get(k) ?? byColumn.set(k, []).get(k)!).push(c);
  }
  for (const col of byColumn.values()) {
    const data = col.filter((c) => c.table.rowKinds[c.figure.row] === 'data' && uniq.unique(c, false));
    const first = col[0]!;
    if (first.column.percent) continue;
    // Sums and shares only of amounts of money: counts and rates in neighbouring rows need not add up.
    const money = (c: Cell) => MONEY.test(c.unit);
    for (let i = 0; i + 1 < data.length; i++) {
      const [a, b] = [data[i]!, data[i + 1]!];
      if (!money(a) || a.unit !== b.unit || Math.sign(a.figure.value) !== Math.sign(b.figure.value) || fold(a.label) === fold(b.label)) continue;
      const sum = round(a.figure.value + b.figure.value, 3);
      out.push({
        template: 'sum_rows',
        type: 'calculation',
        doc,
        unnamedOk: uniq.unique(a, true) && uniq.unique(b, true),
        slots: (lang, rand) => {
          const l1 = labelSlot(a, rand, 'label1');
          const l2 = labelSlot(b, rand, 'label2');
          const order = pick(['measure-year', 'year-measure'] as const, rand);
          return { slots: { label: '', ...l1.slots, ...l2.slots, col: columnWords(a.column, lang, order) }, choices: [l1.choice, l2.choice, `col:${order}`] };
        },
        values: [value(a, sum, `${a.label} + ${b.label}`)],
        evidence: [ev(a), ev(b)],
        answer: `${a.figure.raw} + ${b.figure.raw} = ${fmt(sum)}${a.unit ? ` ${a.unit}` : ''}`,
        notes: `${where(a)}; row '${b.label}'`,
      });
    }
    // A data row's share of the next sum row below it (same sign: a part of that total).
    for (const a of data) {
      const total = col.find((t) => t.figure.row > a.figure.row && t.table.rowKinds[t.figure.row] === 'total' && uniq.unique(t, false));
      if (!money(a) || !total || total.figure.value === 0 || Math.sign(total.figure.value) !== Math.sign(a.figure.value) || Math.abs(a.figure.value) >= Math.abs(total.figure.value)) continue;
      const share = round((a.figure.value / total.figure.value) * 100, 1);
      out.push({
        template: 'share',
        type: 'calculation',
        doc,
        unnamedOk: uniq.unique(a, true) && uniq.unique(total, true),
        slots: (lang, rand) => {
          const l1 = labelSlot(a, rand, 'label1');
          const l2 = labelSlot(total, rand, 'label2');
          const order = pick(['measure-year', 'year-measure'] as const, rand);
          return { slots: { label: '', ...l1.slots, ...l2.slots, col: columnWords(a.column, lang, order) }, choices: [l1.choice, l2.choice, `col:${order}`] };
        },
        values: [value(a, share, `${a.label}, andel av ${total.label}`, periodOf(a.column), '%')],
        evidence: [ev(a), ev(total)],
        answer: `${a.figure.raw} / ${total.figure.raw} = ${fmt(share)} %`,
        notes: `${where(a)}; total row '${total.label}'`,
      });
    }
    // Negative deviations per row of a deviation column.
    if (DEVIATION.has(first.column.kind ?? '')) {
      const negative = data.filter((c) => c.figure.value < 0);
      // Another table with a column of the same measure and year: the question names the table by its caption.
      const sameColumn = [...byColumn.values()].filter((o) => o[0]!.table.id !== first.table.id && colKey(o[0]!.column) === colKey(first.column));
      const caption = first.table.caption.trim();
      const named = sameColumn.length > 0;
      if (named && (!caption || sameColumn.some((o) => o[0]!.table.caption.trim() === caption))) continue;
      if (negative.length >= 1 && negative.length <= 6 && data.length >= 3 && caption) {
        out.push({
          template: 'deviations',
          type: 'calculation',
          doc,
          unnamedOk: false,
          slots: (lang, rand) => {
            const order = pick(['measure-year', 'year-measure'] as const, rand);
            const table = named ? (lang === 'sv' ? `i tabellen "${caption}"` : `in the table "${caption}"`) : '';
            return { slots: { label: '', col: columnWords(first.column, lang, order).replace(/^the /, ''), caption: `"${caption}"`, table }, choices: [`col:${order}`] };
          },
          values: negative.map((c) => value(c)),
          evidence: negative.slice(0, 1).map(ev),
          answer: negative.map((c) => `${c.label} ${c.figure.raw}`).join(', '),
          notes: `${where(first)}: rows with a negative value`,
        });
      }
    }
  }
  return out;
}

/* ---------------------------------------------------------------- generation */

/** Generated questions for every document given; the same documents and seed give the same questions. */
export function generateQuestions(docs: readonly ParsedDocument[], options: GenerateOptions = {}): GeneratedQuestion[] {
  const seed = options.seed ?? 11;
  const perTemplate = options.perTemplate ?? 3;
  const held = heldoutWordings(seed);
  const uniq = new Uniqueness();
  const cellsByDoc = new Map<string, Cell[]>();
  for (const doc of [...docs].sort((a, b) => a.document.id.localeCompare(b.document.id))) {
    const cells = cellsOf(doc);
    cellsByDoc.set(doc.document.id, cells);
    uniq.addRows(doc);
    for (const c of cells) uniq.add(c);
  }
  const out: GeneratedQuestion[] = [];
  for (const [docId, cells] of cellsByDoc) {
    const doc = cells[0]?.doc;
    if (!doc) continue;
    const candidates = candidatesOf(doc, cells, uniq);
    for (const template of TEMPLATES) {
      const mine = candidates.filter((c) => c.template === template);
      for (const lang of ['sv', 'en'] as const) {
        const rand = rng(hashSeed(seed, docId, template, lang));
        const chosen = shuffle(mine, rand).slice(0, perTemplate);
        for (const cand of chosen) {
          const w = Math.floor(rand() * WORDINGS[template][lang].length);
          const wordingKey = `${template}/${lang}/${w}`;
          const { slots, choices } = cand.slots(lang, rand);
          const names = docNames(doc.document, lang);
          const namings = cand.unnamedOk ? [...names, { naming: 'none' as const, sv: '', en: '' }] : names;
          if (!namings.length) continue;
          const naming = pick(namings, rand);
          const question = fill(WORDINGS[template][lang][w]!, { ...slots, doc: naming[lang] } as Slots);
          const id = `gen-${createHash('sha256').update(`${docId}\0${question}`).digest('hex').slice(0, 10)}`;
          out.push({
            id,
            lang,
            type: cand.type,
            question,
            answer: cand.answer,
            values: cand.values,
            evidence: cand.evidence,
            notes: `${docId}: ${cand.notes}`,
            template,
            wording: [wordingKey, ...choices, `doc:${naming.naming}`].join('|'),
            heldout: held.has(wordingKey),
          });
        }
      }
    }
  }
  // Two candidates may meet in one wording: keep the first of each question text.
  const seen = new Set<string>();
  return out.filter((q) => !seen.has(q.question) && seen.add(q.question));
}

/** The document a generated question was made from (its evidence's). */
export const documentOf = (q: Pick<GeneratedQuestion, 'evidence'>): string => q.evidence[0]?.doc ?? '';
