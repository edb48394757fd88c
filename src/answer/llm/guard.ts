import { convert } from '../../calc/units.ts';
import type { Lang } from '../lang.ts';
import { writtenNumbers, type Reading, type WrittenNumber } from './numbers.ts';
import type { Source, SourceNumber } from './tools.ts';

/** Numbers that are not figures and may stand without a source: the question's, and years and pages the sources name. */
export interface Context {
  question: number[];
  years: ReadonlySet<number>;
}

export interface GuardResult {
  text: string;
  removed: string[];
  /** Ids of the sources whose numbers the kept text states. */
  stated: Set<string>;
  /** Ids the kept text cites. */
  cited: Set<string>;
}

const CITE = /\[((?:[SFC]\d+)(?:\s*[,;]\s*[SFC]\d+)*)\]/g;
const idsIn = (text: string): string[] => [...text.matchAll(CITE)].flatMap((m) => m[1]!.split(/\s*[,;]\s*/));

/** The source ids a text cites, each once, in the order they first appear. */
export const citedInOrder = (text: string): string[] => [...new Set(idsIn(text))];

/** Citation ids (`[F2, C1]`) as the numbers of the answer's source list (`[1, 2]`); ids without a number are dropped. */
export function renumberCitations(text: string, numberOf: ReadonlyMap<string, number>): string {
  return text
    .replace(CITE, (_, ids: string) => {
      const ns = [...new Set(ids.split(/\s*[,;]\s*/).map((id) => numberOf.get(id)).filter((n) => n !== undefined))].sort((a, b) => a - b);
      return ns.length ? `[${ns.join(', ')}]` : '';
    })
    .replace(/ +([.,;:])/g, '$1');
}

/**
 * Whether a written number is one the source states: the same amount in the written unit (tkr ↔ mnkr converted by the
 * calc engine), rounded to the precision it is written with. Unsigned, it may restate a negative value in words
 * (`ett underskott på 4,6 mnkr` for −4,6); signed, the signs must agree. A zero is only a zero. A number without a
 * unit is compared in the source's unit.
 */
function states(r: Reading, signed: boolean, unit: string | null, n: SourceNumber): boolean {
  if (signed && r.value !== 0 && Math.sign(r.value) !== Math.sign(n.value)) return false;
  const magnitude = Math.abs(n.value);
  const v = unit && n.unit && unit !== n.unit ? convert(magnitude, n.unit, unit) : magnitude;
  if (v === null) return false;
  const written = Math.abs(r.value);
  if (written === 0) return v === 0;
  return Math.abs(Number(v.toFixed(r.decimals)) - written) < 1e-9 * Math.max(1, written);
}

/** Sentence spans of a text, each with the source ids it cites; ids right after a full stop belong to the sentence before. */
function sentenceSpans(text: string): { start: number; end: number; ids: string[]; paragraph: number }[] {
  const spans: { start: number; end: number; ids: string[]; paragraph: number }[] = [];
  let start = 0;
  let paragraph = 0;
  const boundaries = [...text.matchAll(/[.!?](?=\s|$)(?:\s*\[[SFC][\d,;\sSFC]*\])*|\n/g)];
  for (const m of boundaries) {
    const end = m.index + m[0].length;
    if (end > start) spans.push({ start, end, ids: idsIn(text.slice(start, end)), paragraph });
    if (m[0] === '\n' && /^\s*\n/.test(text.slice(end))) paragraph++;
    start = end;
  }
  if (start < text.length) spans.push({ start, end: text.length, ids: idsIn(text.slice(start)), paragraph });
  return spans;
}

/** A number that numbers a list item, or a page or year the sources or the question name: not a figure to check. */
function isContext(n: WrittenNumber, text: string, pages: ReadonlySet<number>, context: Context): boolean {
  const before = text.slice(Math.max(0, n.index - 12), n.index);
  const value = n.readings[0]!.value;
  if (n.plain && /(^|\n)\s*$/.test(before) && /^\d+[.)]\s/.test(text.slice(n.index))) return true;
  if (n.plain && /(?:\bs\.|\bsid\.|\bsidan|\bsidorna|\bp\.|\bpp\.|\bpages?|[–-])\s*$/i.test(before) && pages.has(value)) return true;
  if (n.plain && !n.unit && context.years.has(value)) return true;
  return n.readings.some((r) => context.question.includes(r.value) || context.question.includes(-r.value));
}

/**
 * Keeps in an answer only the numbers that the sources its sentence cites state (a sentence citing nothing is checked
 * against what its paragraph cites). A number that fails is replaced by a marker; `removedNote` says how many went.
 */
export function guardNumbers(answer: string, sources: readonly Source[], lang: Lang, context: Context): GuardResult {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const spans = sentenceSpans(answer);
  const paragraphIds = new Map<number, string[]>();
  for (const s of spans) paragraphIds.set(s.paragraph, [...(paragraphIds.get(s.paragraph) ?? []), ...s.ids]);
  // Citation ids are not figures: blank them out, keeping offsets.
  const masked = answer.replace(CITE, (m) => ' '.repeat(m.length));
  const removed: string[] = [];
  const stated = new Set<string>();
  let out = '';
  let at = 0;
  for (const n of writtenNumbers(masked, lang)) {
    const span = spans.find((s) => n.index >= s.start && n.index < s.end);
    const ids = span ? (span.ids.length ? span.ids : (paragraphIds.get(span.paragraph) ?? [])) : [];
    const cited = ids.map((id) => byId.get(id)).filter((s) => s !== undefined);
    const pages = new Set(cited.flatMap((s) => s.pages));
    const by = cited.filter((s) => n.readings.some((r) => s.numbers.some((x) => states(r, n.signed, n.unit, x))));
    if (by.length) {
      for (const s of by) stated.add(s.id);
      continue;
    }
    if (isContext(n, masked, pages, context)) continue;
    out += answer.slice(at, n.index) + (lang === 'sv' ? '[siffra borttagen]' : '[figure removed]');
    at = n.index + n.raw.length;
    removed.push(n.raw.trim());
  }
  out += answer.slice(at);
  return { text: out, removed, stated, cited: new Set(idsIn(out).filter((id) => byId.has(id))) };
}

/** The line an answer ends with when the guard removed numbers. */
export function removedNote(count: number, lang: Lang): string {
  if (!count) return '';
  return lang === 'sv'
    ? `(${count} ${count === 1 ? 'siffra' : 'siffror'} som inte kunde beläggas i de citerade källorna har tagits bort.)`
    : `(${count} ${count === 1 ? 'figure' : 'figures'} that could not be traced to the cited sources ${count === 1 ? 'was' : 'were'} removed.)`;
}

/** The years the tool results and the question name: a year written in an answer is context, not a figure. */
export function yearsIn(texts: readonly string[]): Set<number> {
  return new Set(texts.flatMap((t) => [...t.matchAll(/(?<!\d)(19\d{2}|20\d{2})(?!\d)/g)].map((m) => Number(m[1]))));
}
