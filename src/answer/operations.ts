import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { change, difference, share, sum } from '../calc/arithmetic.ts';
import { measureIn } from '../calc/measures.ts';
import type { Answer, AnswerValue, Citation } from '../model/answer.ts';
import type { ArithmeticResult, CalcFigure } from '../model/calc.ts';
import { isStopword } from '../text/analyzer.ts';
import { isEnglishStopword, loadGlossary, translateTerms, type Glossary } from '../text/glossary.ts';
import { T, amount, citationOfFigure, made, sourceLine, valueOfFigure } from './compose.ts';
import { coverage } from './evidence.ts';
import type { Knowledge } from './knowledge.ts';
import { lightStem, type Route } from './router.ts';
import type { Scope } from './scope.ts';
import { HEAD_ENDINGS, fold, formatNumber, squash, termIn, words } from './text.ts';

/**
 * Operations from a small grammar of Swedish and English: a sum of named rows, a difference, change or deviation
 * between two columns of one subject, a share of a whole, an average. Each operand (a subject and a column: `budget
 * 2023`, `the 2022 actual`, `ack åa helår 2024`) is found by one table-matching score (`matchScore`): the subject
 * against row labels, the column words and year against the column header path, caption and section as context.
 */

export type OpKind = 'sum' | 'difference' | 'change' | 'deviation' | 'share' | 'average' | 'trend';

export interface Operand {
  /** What row it is: the subject's words as the question writes them. */
  subject: string;
  /** Which column: the period phrase as written (`2023 års budget`), or '' when the question names none. */
  column: string;
}

export interface Operation {
  op: OpKind;
  operands: Operand[];
  /** The question asks a percentage (`procentuella förändringen`, `in percent`). */
  percent: boolean;
  /** A list's separators as written between operand i and i + 1 (`, `, ` och `), to join them again. */
  joins?: string[];
}

const YEAR = String.raw`(?:19|20)\d{2}`;
// A period phrase: a year with the measure words around it (`2023 års budget`, `budget 2023`, `the 2022 actual`).
const W = String.raw`(?:[\p{L}/.()\-]+|\d{1,2}\)?)`;
const NOT_END = String.raw`(?!(?:och|and|till|to|enligt|according|för|for|in|i|hos|at)(?![\p{L}]))`;
// A year may follow its preposition (`from in 2020 to in 2021`, `mellan år 2020 och år 2021`), at the phrase's start only.
const PERIOD = String.raw`(?:the\s+)?(?:(?:in|i|år|year)\s+|(?:${NOT_END}${W}\s+){0,4}?)${YEAR}(?:\s+års)?(?:\s+${NOT_END}${W}){0,4}`;
// Before `jämfört med`, only the word next to the year belongs to the period (`med 2026`, `budget 2026`).
const SHORT_PERIOD = String.raw`(?:the\s+)?(?:${NOT_END}${W}\s+)?${YEAR}(?:\s+års)?(?:\s+${NOT_END}${W}){0,2}`;
// A column named without a year: one to three words, none of them a conjunction or scope word.
const BARE_COLUMN = String.raw`${NOT_END}${W}(?:\s+${NOT_END}${W}){0,2}`;
const END = String.raw`(?=\s+(?:enligt|according|i|in|för|for|hos|at)\s|\s*[?.!,]|\s*$)`;

const UB = String.raw`(?<![\p{L}\p{N}])`;
const UE = String.raw`(?![\p{L}\p{N}])`;
const cue = (alts: string) => new RegExp(`${UB}(?:${alts})${UE}`, 'u');

const SUM = cue('summera|summan av|summa av|sammanlagt|tillsammans|plus|add|add up|sum of|total of|combined');
const SHARE = cue('andel|andelen|share|proportion|percentage of|procent av|percent of|hur stor del|how large a part');
const AVERAGE = cue('genomsnitt|genomsnittet|genomsnittlig|medelvärde|medelvärdet|average|mean');
const DEVIATION = cue('avvikelse|avvikelsen|deviation|variance');
const CHANGE = cue('förändring|förändringen|förändrades|ökning|ökningen|ökade|minskning|minskningen|minskade|change|changed|increase|increased|decrease|decreased|grow|grew');
const DIFFERENCE = cue('skillnad|skillnaden|difference|differ|far apart|skiljer|skilde');
const PERCENT = cue('procentuell|procentuella|procent|percent|percentage|%') ;

/**
 * A period phrase read lazily may begin with the subject's last words (`övriga kostnader budget 2022`): words before
 * the first measure word go back to the subject.
 */
function splitColumn(subject: string, phrase: string): [string, string] {
  const column = phrase.replace(/[.,;:]+$/, '');
  const ws = column.split(/\s+/);
  // A glossary phrase of two words names a measure as one (`closing accounts`).
  const at = ws.findIndex((w, i) => /^the$/.test(w) || new RegExp(`^${YEAR}$`).test(w) || isMeasureWord(w) || (i + 1 < ws.length && isMeasurePhrase(`${w} ${ws[i + 1]}`)));
  // `jourenhet 2015 års budget`: a year followed by its measure (`års budget`) opens the period; words before it are the
  // subject's. Before a bare year (`helår 2024`) they may be the column's own.
  const measureAfter = ws.slice(at + 1).some((w) => isMeasureWord(w));
  if (at <= 0 || (new RegExp(`^${YEAR}$`).test(ws[at]!) && !measureAfter)) return [subject, column];
  return [`${subject} ${ws.slice(0, at).join(' ')}`, ws.slice(at).join(' ')];
}

/** Reads the operation and its operands from a question, or null when it names no operation of the grammar. */
export function readOperation(question: string): Operation | null {
  const q = question.normalize('NFC').toLowerCase().replace(/[–—−]/g, '-').replace(/\s+/g, ' ').trim();
  const percent = PERCENT.test(q) || /%/.test(q);
  // Two columns of one subject: `mellan P1 och P2`, `between P1 and P2`, `från P1 till P2`, `from P1 to P2`.
  // A preposition bounds the two columns more tightly than a verb does (`what was the deviation between P1 and P2`).
  const twoAfter = (lead: string) => new RegExp(`${UB}(?:${lead})\\s+(${PERIOD})\\s+(?:och|and|till|to)\\s+(${PERIOD})${END}`, 'u').exec(q);
  const two = twoAfter('mellan|between|från|from') ?? twoAfter('were|was|var');
  if (two && (DEVIATION.test(q) || CHANGE.test(q) || DIFFERENCE.test(q))) {
    const subject = q.slice(0, two.index) + ' ' + q.slice(two.index + two[0].length);
    // The first cue is the question's head; a later one is part of its subject (`förändringen av ekonomisk avvikelse`).
    const at = (re: RegExp) => re.exec(q)?.index ?? Infinity;
    const first = Math.min(at(DEVIATION), at(CHANGE), at(DIFFERENCE));
    const op: OpKind = at(DEVIATION) === first ? 'deviation' : at(CHANGE) === first || percent ? 'change' : 'difference';
    return { op, operands: [{ subject, column: splitColumn('', two[1]!)[1] }, { subject, column: splitColumn('', two[2]!)[1] }], percent };
  }
  // One subject's two columns set against each other: `P1 jämfört med P2`, `P1 compared with P2` (a change from P2).
  const vs = new RegExp(`(${SHORT_PERIOD})\\s+(?:jämfört med|jämförs med|jmf med|compared (?:to|with)|versus|vs\\.?)\\s+(${PERIOD})${END}`, 'u').exec(q);
  if (vs && (CHANGE.test(q) || DIFFERENCE.test(q) || cue('fler|färre|mer|mindre|högre|lägre|more|fewer|less|higher|lower').test(q))) {
    const subject = q.slice(0, vs.index) + ' ' + q.slice(vs.index + vs[0].length);
    const [later, earlier] = [splitColumn('', vs[1]!)[1], splitColumn('', vs[2]!)[1]];
    return { op: 'change', operands: [{ subject, column: earlier }, { subject, column: later }], percent };
  }
  // A share: `andel av Y utgjorde X P`, `percentage of Y did X make up P`.
  const sh = new RegExp(`${UB}(?:andel(?:en)?|share|proportion|percentage|procent)\\s+(?:av|of)\\s+(.+?)\\s+(?:utgjorde|utgör|var|är|blev|did|does|was|is)\\s+(.+?)(?:\\s+(?:make up|account for|represent))?\\s+(${PERIOD})${END}`, 'u').exec(q);
  if (sh && SHARE.test(q)) {
    const [part, column] = splitColumn(sh[2]!, sh[3]!);
    return { op: 'share', operands: [{ subject: part, column }, { subject: sh[1]!, column }], percent: true };
  }
  // A sum or an average of named rows: `summera A, B och C för P`, `add A and B for P`, `A plus B P`.
  if (SUM.test(q) || AVERAGE.test(q)) {
    const lists = [
      new RegExp(`${UB}(?:summera|summan av|summa av|add(?!\\s+up)|sum of|total of|average of|genomsnittet av|medelvärdet av|hur mycket var|how much was|what was)\\s+(.+?)\\s+(?:(?:för|for|in|i)\\s+)?(${PERIOD})${END}`, 'u').exec(q),
      // `vad blir A och B tillsammans P`, `what do A and B add up to, P`.
      new RegExp(`${UB}(?:vad blir|vad är|hur mycket blir|what do|what does|how much do)\\s+(.+?)\\s+(?:tillsammans|sammanlagt|add up to|together|in total|combined)\\s*,?\\s+(?:(?:för|for|in|i)\\s+)?(${PERIOD})${END}`, 'u').exec(q),
      // With no year the column is a measure word or two (`summera A och B för belopp`), or none at all.
      new RegExp(`${UB}(?:summera|summan av|summa av|add(?!\\s+up)|sum of|total of|average of|genomsnittet av|medelvärdet av)\\s+(.+?)(?:\\s+(?:för|for)\\s+(?:the\\s+)?(${BARE_COLUMN}))?${END}`, 'u').exec(q),
      new RegExp(`${UB}(?:vad blir|vad är|hur mycket blir|what do|what does|how much do)\\s+(.+?)\\s+(?:tillsammans|sammanlagt|add up to|together|in total|combined)(?:\\s*,?\\s+(?:(?:för|for)\\s+)?(?:the\\s+)?(${BARE_COLUMN}))?${END}`, 'u').exec(q),
    ];
    for (const list of lists) {
      if (!list) continue;
      // The period phrase, read lazily, may have taken the last operand's words: they go back to the list first.
      let [listText, column] = list[2] ? splitColumn(list[1]!, list[2]) : [list[1]!, ''];
      // A period phrase holds no conjunction: words up to one (`plus sakkunnigt biträde 2021 års utfall`) are operands.
      const joined = new RegExp(`^(.*${UB}(?:plus|och|and)${UE}.*?)\\s+(${YEAR}.*)$`, 'u').exec(column);
      if (joined) [listText, column] = [`${listText} ${joined[1]}`, joined[2]!];
      // `A plus B`: `plus` joins the operands, so an `och` inside one is part of its label (`mottagning och jour`).
      const joiner = /\splus\s/u.test(listText) ? /(\s+plus\s+)/u : /(\s*,\s*(?![^()]*\))|\s+(?:och|and|plus)\s+)/u;
      const pieces = listText.split(joiner);
      const operands: Operand[] = [];
      const joins: string[] = [];
      for (let i = 0; i < pieces.length; i += 2) {
        const subject = pieces[i]!.trim();
        if (!subject) continue;
        if (operands.length) joins.push(pieces[i - 1]!);
        operands.push({ subject, column });
      }
      if (operands.length < 2) continue;
      return { op: AVERAGE.test(q) ? 'average' : 'sum', operands, percent: false, joins };
    }
  }
  return null;
}

const TREND_WORDS = new RegExp(
  `${UB}(?:utvecklingen|utveckling|utvecklats|utvecklades|utvecklat|utvecklas|developed|develop|development|trenden|trend|over time|över tid|över åren|over the years|år för år|year by year|visa|show)${UE}`,
  'gu',
);

/**
 * The years a trend asks: a range (`mellan 2018 och 2021`, `2019–2023`, `from 2020 to 2022`), an open range (`sedan
 * 2024`, `since 2021`: the years after it that are found), or a list (`2020, 2021 och 2022`); null for fewer than two.
 */
export function seriesYears(question: string, listed: number[]): number[] | null {
  const q = question.toLowerCase().replace(/[–—−]/g, '-');
  const span = (a: number, b: number) => (b > a && b - a <= 20 ? Array.from({ length: b - a + 1 }, (_, i) => a + i) : null);
  const range =
    new RegExp(`(${YEAR})\\s*(?:-|till|to|until)\\s*(${YEAR})`, 'u').exec(q) ??
    new RegExp(`${UB}(?:mellan|between|från|from)\\s+(?:\\p{L}+\\s+){0,2}(${YEAR})(?:\\s+års)?\\s+(?:och|and|till|to)\\s+(?:\\p{L}+\\s+){0,2}(${YEAR})`, 'u').exec(q);
  if (range) return span(Number(range[1]), Number(range[2]));
  const open = new RegExp(`${UB}(?:sedan|since|från och med|fr\\.o\\.m\\.?|efter|after)\\s+(?:år\\s+)?(${YEAR})`, 'u').exec(q);
  if (open) return span(Number(open[1]), Number(open[1]) + 10);
  const years = [...new Set(listed)].sort((a, b) => a - b);
  return years.length >= 2 ? years : null;
}

/**
 * A trend read as a series of operands, one per year, all of one subject: the subject is the question without its
 * years and trend words; the column is the measure it names (`(utfall)`, `actual`, `budget`) and what it puts in
 * parentheses (`(antal)`), with each year.
 */
export function readSeries(question: string, years: number[]): Operation | null {
  if (years.length < 2) return null;
  const q = question.normalize('NFC').toLowerCase().replace(/[–—−]/g, '-').replace(/[?!.]+\s*$/, '');
  const paren = [...q.matchAll(/\(([^()]*)\)/g)].map((m) => m[1]!).join(' ');
  const rest = q
    .replace(/[()]/g, ' ')
    .replace(new RegExp(`${UB}(?:${YEAR})(?:\\s+års)?${UE}`, 'gu'), ' ')
    .replace(TREND_WORDS, ' ')
    .replace(new RegExp(`${UB}(?:mellan|between|från|from|till|to|sedan|since|och|and)(?=\\s*(?:,|$))`, 'gu'), ' ');
  const ws = rest.split(/[\s,]+/).filter(Boolean);
  const measureWords = ws.filter((w) => isMeasureWord(w));
  const subject = ws.filter((w) => !isMeasureWord(w)).join(' ');
  const column = squash(`${measureWords.join(' ')} ${paren.split(/\s+/).filter((w) => !isMeasureWord(w)).join(' ')}`);
  return { op: 'trend', operands: years.map((y) => ({ subject, column: `${column} ${y}`.trim() })), percent: false };
}

const Weights = z.object({ label: z.number(), extra: z.number(), year: z.number(), measure: z.number(), header: z.number(), context: z.number(), document: z.number(), threshold: z.number(), support: z.number() });
export type MatchWeights = z.infer<typeof Weights>;

let weights: MatchWeights | null = null;
/**
 * The match score's weights and the refusal threshold (fitted by `eval/fit-weights.ts`), and the share of a
 * question's terms a looked-up candidate must cover (`support`, fitted by `eval/fit-support.ts`).
 */
export function matchWeights(): MatchWeights {
  weights ??= Weights.parse(JSON.parse(readFileSync(new URL('./match-weights.json', import.meta.url), 'utf8')).weights);
  return weights;
}

/** Replaces the weights in this process: the fitting scripts answer the same questions under trial values. */
export function useMatchWeights(w: MatchWeights): void {
  weights = Weights.parse(w);
}

/** Two words that are one glossary phrase naming a measure kind (`closing accounts` → bokslut). */
function isMeasurePhrase(phrase: string): boolean {
  glossary ??= loadGlossary();
  return glossary.has(words(phrase).join(' ')) && isMeasureWord(phrase);
}

/** A word of a column phrase that names a measure kind (`budget`, `utfall`, `actual`, `återstår`), in either language. */
function isMeasureWord(word: string): boolean {
  glossary ??= loadGlossary();
  const kind = measureIn(word) ?? measureIn(translateTerms(word, glossary).join(' '));
  return kind !== null && kind !== 'belopp';
}

/** The features of one figure as the answer to one operand: each 0–1 (or −1 for a clash). */
export interface MatchFeatures {
  /** Share of the subject's words in the row's label path. */
  label: number;
  /** Share of the label's words the subject does not name. */
  extra: number;
  /** The column's year is the one asked (1), another (−1), or none was asked (0). */
  year: number;
  /** The column's kind (budget, utfall, …) is the one named (1), another (−1), or none was named (0). */
  measure: number;
  /** Share of the column phrase's other words in the column header path. */
  header: number;
  /** Share of the subject's words in the table's caption and section. */
  context: number;
  /** How well the document fits the question's scope (0–1). */
  document: number;
}

export function matchScore(f: MatchFeatures, w: MatchWeights = matchWeights()): number {
  return w.label * f.label - w.extra * f.extra + w.year * f.year + w.measure * f.measure + w.header * f.header + w.context * f.context + w.document * f.document;
}

let glossary: Glossary | null = null;

/** An operand's wanted words: subject terms (stems), column words and year. */
export interface OperandQuery {
  terms: string[];
  year: number | null;
  measures: string[];
  header: string[];
}

/** Words of the question's grammar and scope, which are no part of a subject. */
const GRAMMAR = new Set(
  (
    'vad är var hur stor stort mycket den det procentuella procentuell förändringen förändring förändrades skillnaden skillnad avvikelsen avvikelse ' +
    'ökningen ökade minskningen minskade summera summan sammanlagt tillsammans plus andel andelen utgjorde utgör värde vilket vilken värdet blev procent många ' +
    'what was is the percentage change difference deviation did does make up share proportion value figure given add sum average mean far apart were how much by do up ' +
    'genomsnitt genomsnittet medelvärdet mellan between från from till to och and av of i in enligt according hos samt kring gentemot sedan since'
  ).split(' '),
);

/** Whether an operation lists subjects of its own (a sum of rows), not one subject's columns or years. */
function listsSubjects(op: Operation): boolean {
  return new Set(op.operands.map((o) => o.subject)).size > 1;
}

export function operandQuery(o: Operand, scope: Scope, listed = false): OperandQuery {
  glossary ??= loadGlossary();
  const col = o.column.toLowerCase();
  const year = Number(new RegExp(YEAR).exec(col)?.[0]) || null;
  const colWords = words(`${col} ${translateTerms(col, glossary).join(' ')}`).filter((w) => !/^\d+$/.test(w) && w !== 'ars' && !isStopword(w) && !isEnglishStopword(w));
  // The phrase read as a header would be; English words through their Swedish terms.
  const kind = measureIn(col) ?? measureIn(translateTerms(col, glossary).join(' '));
  const measures = kind ? [kind] : [];
  const header = colWords.filter((w) => !isMeasureWord(w) && !GRAMMAR.has(w));
  const named = new Set(scope.names.words.map(lightStem));
  const english = glossary;
  const subject = `${o.subject} ${translateTerms(o.subject, english).join(' ')}`;
  const all = [
    ...new Set(
      words(subject)
        // A number in a label is part of its name (`Antal 80 - 84 år`, `Löparbana (6151)`); a year is the column's.
        .filter((w) => (/^\d+$/.test(w) ? w.length >= 2 && !new RegExp(`^${YEAR}$`).test(w) : w.length >= 2 && !GRAMMAR.has(w) && !isStopword(w) && !isEnglishStopword(w)))
        .map(lightStem),
    ),
  ];
  // Words that name the scope (the committee, the municipality) are not the subject, unless a list of subjects
  // names it: a committee listed among others (`överförmyndarnämnd och programnämnd social välfärd`) is its own row.
  const unnamed = all.filter((t) => !named.has(t));
  const terms = unnamed.length || !listed ? unnamed : all;
  return { terms, year, measures, header };
}

/** Runs of two or more capitalised words and their initials (`Service Level Agreement` → `sla`). */
function initialsIn(text: string): { abbr: string; words: string[] }[] {
  return (text.match(/\p{Lu}\p{L}*(?:\s+\p{Lu}\p{L}*)+/gu) ?? []).map((run) => {
    const ws = run.split(/\s+/);
    return { abbr: fold(ws.map((w) => w[0]).join('')), words: ws.map((w) => fold(w)) };
  });
}

// What may follow a word's stem and still be the same word: the inflections of nouns and adjectives.
const INFLECTIONS = new Set([...HEAD_ENDINGS, 'a', 'e', 's', 'ers', 'ars', 'ors', 'ernas', 'arnas', 'ornas', 'nas', 'as', 'es']);

/**
 * How far a label word is the subject word asked: 1 for the word or an inflection of it, 0.5 when one is the other
 * with another word after it (a Swedish compound names a kind of its last part: `Bibliotekslån` is a loan, not a
 * library, and `Bibliotek` is not the `bibliotekslån` asked), 0 when they do not share their beginning.
 */
export function nameShare(w: string, a: string): number {
  if (!w.startsWith(a.slice(0, Math.max(3, Math.min(a.length, w.length) - 2)))) return 0;
  const [short, long] = w.length <= a.length ? [w, a] : [a, w];
  if (!long.startsWith(short)) return 1;
  const rest = long.slice(short.length);
  const tail = rest.length > 3 && rest.startsWith('s') ? rest.slice(1) : rest;
  return tail.length >= 3 && !INFLECTIONS.has(tail) && !INFLECTIONS.has(rest) ? 0.5 : 1;
}

export function featuresOf(f: CalcFigure, q: OperandQuery, scope: Scope): MatchFeatures {
  const labelText = f.labelPath.join(' ');
  // A label's words spelled out may be asked by their initials (`SLA` for `Service Level Agreement`).
  const abbreviated = initialsIn(labelText).filter((a) => q.terms.includes(a.abbr));
  const label = coverage(q.terms, abbreviated.length ? `${labelText} ${abbreviated.map((a) => a.abbr).join(' ')}` : labelText);
  const spelled = new Set(abbreviated.flatMap((a) => a.words));
  const own = words(f.label).filter((w) => w.length >= 3 && !/^\d+$/.test(w) && !spelled.has(w));
  const asked = q.terms.flatMap((t) => t.split('|'));
  const extra = own.length ? own.reduce((sum, w) => sum + 1 - Math.max(0, ...asked.map((a) => nameShare(w, a))), 0) / own.length : 0;
  // A year printed in the header beats one inferred from the document (`Aktuell period`, `fg år`).
  const year = yearFeature(f, q.year);
  // A column that names no measure (`2023`, `Motsvarande period`) may hold an outcome: half a match for one.
  const measure = q.measures.length ? (q.measures.includes(f.measure) ? 1 : f.measure === 'värde' && q.measures.includes('utfall') ? 0.5 : -1) : 0;
  const colToks = words(`${f.columnLabel.join(' ')} ${f.period.text}`);
  const header = q.header.length ? q.header.filter((h) => termIn(h.slice(0, 6), colToks)).length / q.header.length : 0;
  const context = q.terms.length ? coverage(q.terms, `${f.source.caption}`) : 0;
  const document = scope.preference.get(f.source.documentId) ?? 0.5;
  return { label, extra, year, measure, header, context, document };
}

export interface Match {
  figure: CalcFigure;
  features: MatchFeatures;
}

/** Each operand's candidate figures (every figure of the scope's documents) with their features. */
export function candidatesOf(knowledge: Knowledge, scope: Scope, op: Operation): Match[][] {
  const figures = scope.documents.flatMap((d) => knowledge.figures(d.id));
  // Operands that differ only in their year (a series) share every other feature: computed once.
  const shared = new Map<string, MatchFeatures[]>();
  return op.operands.map((o) => {
    const q = operandQuery(o, scope, listsSubjects(op));
    const key = JSON.stringify({ ...q, year: null });
    let base = shared.get(key);
    if (!base) shared.set(key, (base = figures.map((figure) => featuresOf(figure, { ...q, year: null }, scope))));
    return figures.map((figure, i) => ({ figure, features: { ...base[i]!, year: yearFeature(figure, q.year) } }));
  });
}

/** The column's year is the one asked (1; 0.8 when inferred from the document: `fg år`), another (−1), or none asked (0). */
function yearFeature(f: CalcFigure, year: number | null): number {
  return year === null ? 0 : f.period.year === year ? (f.period.yearFrom === 'document' ? 0.8 : 1) : -1;
}

export type OperationResult = { answer: Answer } | { missing: string[]; closest: CalcFigure | null };

/** Finds each operand and computes the operation; names the operands it could not find. */
export function operate(knowledge: Knowledge, route: Route, scope: Scope, asked: Operation, w: MatchWeights = matchWeights()): OperationResult {
  const op = joinStoredLabels(asked, storedLabels(knowledge, scope));
  // An operand that names nothing but the scope (`Socialnämndens budgetavvikelse från 2021 till 2023`) is no row to
  // match: the other readings (the committee's total rows) answer it.
  if (op.operands.some((o) => !operandQuery(o, scope, listsSubjects(op)).terms.length)) return { missing: [], closest: null };
  const found = pickOperands(candidatesOf(knowledge, scope, op), op, w);
  const missing = op.operands.filter((_, i) => !found[i]).map((o) => `${squash(o.subject).slice(0, 60)} (${o.column})`);
  if (missing.length) return { missing, closest: found.find(Boolean) ?? null };
  try {
    return { answer: compose(knowledge, route, op, found as CalcFigure[]) };
  } catch (e) {
    // Figures that do not convert (a count and an amount) are not the operands asked.
    return { missing: [(e as Error).message], closest: found[0] ?? null };
  }
}

const labelKey = (text: string) => squash(fold(text).replace(/[^\p{L}\p{N}]+/gu, ' '));

/** The row labels of the scope's documents, as keys. */
export function storedLabels(knowledge: Knowledge, scope: Scope): Set<string> {
  const out = new Set<string>();
  for (const d of scope.documents) for (const f of knowledge.figures(d.id)) out.add(labelKey(f.label));
  return out;
}

/**
 * A list is split at every comma and `och`, but a row label may hold them (`Köp av verksamhet, LoV`, `Nämnd och
 * Gemensamt`, `Boende- och behandlingsenhet`): neighbouring operands whose words, joined as written, are a stored row
 * label are one operand. The longest such run wins.
 */
export function joinStoredLabels(op: Operation, labels: Set<string>): Operation {
  const joins = op.joins;
  if (!joins?.length) return op;
  const operands: Operand[] = [];
  const kept: string[] = [];
  for (let i = 0; i < op.operands.length; ) {
    let j = op.operands.length - 1;
    for (; j > i; j--) {
      let text = op.operands[i]!.subject;
      for (let k = i + 1; k <= j; k++) text += joins[k - 1]! + op.operands[k]!.subject;
      if (labels.has(labelKey(text))) break;
    }
    let subject = op.operands[i]!.subject;
    for (let k = i + 1; k <= j; k++) subject += joins[k - 1]! + op.operands[k]!.subject;
    if (operands.length) kept.push(joins[i - 1]!);
    operands.push({ subject, column: op.operands[i]!.column });
    i = j + 1;
  }
  return { ...op, operands, joins: kept };
}

/** Each operand's figure, or null below the threshold; two columns of one subject come from one row. */
export function pickOperands(cands: Match[][], op: Operation, w: MatchWeights = matchWeights()): (CalcFigure | null)[] {
  const scored = cands.map((list) => list.map((m) => ({ figure: m.figure, score: matchScore(m.features, w) })).sort((a, b) => b.score - a.score));
  if (op.op === 'trend') return pickSeries(scored, w);
  const sameSubject = op.operands.length === 2 && op.operands[0]!.subject === op.operands[1]!.subject;
  if (sameSubject) {
    const [ma, mb] = scored as [Scored[], Scored[]];
    const bestB = new Map<string, Scored>();
    for (const m of mb) if (!bestB.has(rowKey(m.figure))) bestB.set(rowKey(m.figure), m);
    let best: [Scored, Scored] | null = null;
    for (const m of ma) {
      if (m.score < w.threshold) break;
      const other = bestB.get(rowKey(m.figure));
      if (!other || other.score < w.threshold || other.figure === m.figure) continue;
      if (!best || m.score + other.score > best[0].score + best[1].score) best = [m, other];
    }
    return best ? [best[0].figure, best[1].figure] : [ma[0] && ma[0].score >= w.threshold ? ma[0].figure : null, null];
  }
  // Rows added or compared are in one unit (a volume table and a money table often share their row labels): the
  // unit in which every operand has a figure above the threshold with the best total score.
  const lists = scored.map((ms) => ms.filter((m) => m.score >= w.threshold));
  let best: { total: number; picks: Scored[] } | null = null;
  for (const unit of new Set(lists.flatMap((ms) => ms.slice(0, 20).map((m) => m.figure.unit)))) {
    const picks = lists.map((ms) => ms.find((m) => m.figure.unit === unit));
    if (picks.some((p) => !p)) continue;
    const total = picks.reduce((a, p) => a + p!.score, 0);
    if (!best || total > best.total) best = { total, picks: picks as Scored[] };
  }
  if (best) return best.picks.map((p) => p.figure);
  return lists.map((ms) => ms[0]?.figure ?? null);
}

interface Scored {
  figure: CalcFigure;
  score: number;
}

const rowKey = (f: CalcFigure) => `${f.source.documentId}|${f.source.tableId}|${f.source.row}`;

/** A series' figures come from one row: the row with the most years above the threshold, then the best total score. */
function pickSeries(scored: Scored[][], w: MatchWeights): (CalcFigure | null)[] {
  const rows = new Map<string, (Scored | null)[]>();
  scored.forEach((list, i) => {
    for (const m of list) {
      if (m.score < w.threshold) break;
      const k = rowKey(m.figure);
      let picks = rows.get(k);
      if (!picks) rows.set(k, (picks = scored.map(() => null)));
      picks[i] ??= m;
    }
  });
  let best: (Scored | null)[] | null = null;
  const rank = (ps: (Scored | null)[]) => [ps.filter(Boolean).length, ps.reduce((a, p) => a + (p?.score ?? 0), 0)] as const;
  for (const picks of rows.values()) {
    if (picks.filter(Boolean).length < 2) continue;
    const [n, total] = rank(picks);
    if (!best || n > rank(best)[0] || (n === rank(best)[0] && total > rank(best)[1])) best = picks;
  }
  return best ? best.map((p) => p?.figure ?? null) : scored.map(() => null);
}

/** The result of an operation on its figures (throws when units do not convert). */
export function compute(op: OpKind, figures: CalcFigure[]): ArithmeticResult {
  const [a, b] = figures as [CalcFigure, CalcFigure];
  if (op === 'trend') return change(a, figures.at(-1)!);
  if (op === 'sum' || op === 'average') return sum(figures);
  if (op === 'share') return share(a, b);
  if (op === 'deviation') return difference(a, b);
  if (op === 'difference') return difference(b, a);
  return change(a, b);
}

function compose(knowledge: Knowledge, route: Route, op: Operation, figures: CalcFigure[]): Answer {
  const lang = route.lang;
  const t = T[lang];
  const r = compute(op.op, figures);
  const values: AnswerValue[] = figures.map((f) => valueOfFigure(f, f.label));
  const name = {
    sum: lang === 'sv' ? 'Summa' : 'Sum',
    average: lang === 'sv' ? 'Medelvärde' : 'Average',
    share: lang === 'sv' ? 'Andel' : 'Share',
    deviation: lang === 'sv' ? 'Avvikelse' : 'Deviation',
    difference: lang === 'sv' ? 'Skillnad' : 'Difference',
    change: lang === 'sv' ? 'Förändring' : 'Change',
    trend: lang === 'sv' ? 'Förändring' : 'Change',
  }[op.op];
  const value = op.op === 'average' ? r.value / figures.length : r.value;
  const unit = r.unit ?? '';
  const period = [...new Set(figures.map((f) => f.period.text))].join(' – ');
  const label = [...new Set(figures.map((f) => f.label))].join(op.op === 'sum' ? ' + ' : ' / ');
  values.push({ label: `${name} ${label}`, period, value: Math.round(value * 1000) / 1000, unit });
  let head = `${name}: ${amount(value, r.unit, lang)}`;
  if (op.op === 'change' && r.pct !== null) {
    values.push({ label: `${name} ${label}`, period, value: Math.round(r.pct * 10) / 10, unit: '%' });
    head += ` (${formatNumber(r.pct, lang, 1)} %)`;
  }
  if (op.op === 'difference' || op.op === 'deviation') {
    const [a] = figures as [CalcFigure];
    if (a.value !== 0) values.push({ label: `${name} ${label}`, period, value: Math.round((value / Math.abs(op.op === 'deviation' ? figures[1]!.value : a.value)) * 1000) / 10, unit: '%' });
  }
  const lines = [
    ...figures.map((f) => `${f.label}, ${f.columnLabel.join(' ') || f.period.text}: ${amount(f.value, f.unit, lang)} (${sourceLine(knowledge, lang, f.source.documentId, f.source.page)}${f.source.caption ? `, «${squash(f.source.caption)}»` : ''})`),
    `${head}.`,
    `${t.computed}: ${op.op === 'average' ? `(${r.formula}) / ${figures.length}` : r.formula}`,
  ];
  const citations: Citation[] = figures.map((f) => citationOfFigure(knowledge, f));
  return made('calculation', lines.join('\n'), values, citations);
}
