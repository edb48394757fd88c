import { editDistance } from '../calc/labels.ts';
import type { Lang } from './lang.ts';

export { fold } from '../text/fold.ts';
import { fold } from '../text/fold.ts';

/** Word tokens of folded text (letters and digits only). */
export function words(text: string): string[] {
  let w = WORDS.get(text);
  if (!w) {
    w = fold(text).split(/[^a-z0-9]+/).filter(Boolean);
    if (WORDS.size > 100_000) WORDS.clear();
    WORDS.set(text, w);
  }
  return w;
}
// Candidates' texts are tokenized several times per question (coverage, rarity, second-half checks).
const WORDS = new Map<string, string[]>();


/**
 * Whether a question term (a folded stem such as `sjukfranvar`) occurs in a token list: as a prefix, inside a
 * compound (`budgetavvikelse` holds `avvikelse`), or within one OCR error of a token's prefix (`nimnden`).
 */
export function termIn(term: string, tokens: readonly string[]): boolean {
  if (term.length < 3) return tokens.includes(term);
  for (const t of tokens) if (termMatchesToken(term, t)) return true;
  return false;
}

// The same question terms meet the same document words many times per question: remember the verdicts.
const MATCHES = new Map<string, Map<string, boolean>>();

function termMatchesToken(term: string, t: string): boolean {
  let byToken = MATCHES.get(term);
  if (!byToken) {
    if (MATCHES.size > 2_000) MATCHES.clear();
    byToken = new Map();
    MATCHES.set(term, byToken);
  }
  let hit = byToken.get(t);
  if (hit === undefined) {
    hit = matchToken(term, t);
    byToken.set(t, hit);
  }
  return hit;
}

// Inflections a compound's head may carry: `-lån`, `-lånen`, `-lånet`, `-lånens`.
export const HEAD_ENDINGS = new Set(['', 'en', 'et', 'er', 'ar', 'or', 'na', 'n', 'ens', 'ets', 'erna', 'arna', 'orna']);

function matchToken(term: string, t: string): boolean {
  if (t.startsWith(term)) return true;
  // An abbreviated word in the text (`Ensamk..`) is a prefix of the question's word.
  if (t.length >= 5 && term.length > t.length && term.startsWith(t)) return true;
  if (term.length >= 5 && t.length > term.length && t.includes(term)) return true;
  // A Swedish compound puts its head last (`bibliotekslån` is a kind of `lån`): a short word is the head of a
  // compound when it follows the linking `s` of a modifier of four letters or more, with an inflection after it.
  // Without the linking `s` a short tail is too often a piece of another word (`plan` ends in `lan`).
  if (term.length >= 3 && term.length < 5 && t.length >= term.length + 5) {
    const at = t.lastIndexOf(`s${term}`);
    if (at >= 4 && HEAD_ENDINGS.has(t.slice(at + 1 + term.length))) return true;
  }
  if (term.length >= 5 && t.length >= term.length - 1) {
    const head = t.slice(0, term.length);
    if (editDistance(head, term, 1) <= 1) return true;
  }
  return false;
}

/** A number written in prose or a table row, with the unit written after it. */
export interface TextNumber {
  value: number;
  unit: string | null;
  raw: string;
  index: number;
}

const UNIT_AFTER =
  /^\s?(mnkr|miljoner kronor|mkr|mdkr|tkr|tusen kronor|kronor|kr|ke|%|procent|procentenheter|st|dagar|dygn|platser|personer|placeringar|årsplaceringar|ledamöter|ersättare|invånare|år|månader|timmar)(?![\p{L}])/iu;

/**
 * Numbers in Swedish text: `-47 699`, `663,5 mnkr`, `5,9 %`, `2 972 ke` (OCR'd kr). Thousands are grouped with
 * spaces; a year (`2023`) is a plain number. Dates' day numbers and section numbers (`5.1.3`) are skipped.
 */
export function numbersIn(text: string): TextNumber[] {
  const out: TextNumber[] = [];
  const s = text.replace(/[\u00a0\u2009\u202f]/g, ' ').replace(/[−–]/g, '-');
  const re = /(?<![\p{L}\d.,§])(-\s?)?(\d{1,3}(?: \d{3})+|\d+)(,\d+)?(?![\d.]\d)/gu;
  for (const m of s.matchAll(re)) {
    const intPart = m[2]!.replace(/ /g, '');
    // `2 022`-style split years and grouped numbers are both fine; a plain 4-digit group stays as written.
    let value = Number(intPart + (m[3] ? '.' + m[3].slice(1) : ''));
    if (!Number.isFinite(value)) continue;
    const negative = !!m[1] && (m.index === 0 || /[\s(|:]/.test(s[m.index - 1] ?? ' '));
    if (negative) value = -value;
    const after = s.slice(m.index + m[0].length);
    const u = UNIT_AFTER.exec(after);
    out.push({ value, unit: u ? normalizeTextUnit(u[1]!) : null, raw: m[0] + (u ? u[0] : ''), index: m.index });
  }
  return out;
}

export function normalizeTextUnit(unit: string): string {
  const u = unit.toLowerCase();
  if (u === 'mkr' || u === 'miljoner kronor') return 'mnkr';
  if (u === 'tusen kronor') return 'tkr';
  if (u === 'kronor' || u === 'ke') return 'kr';
  if (u === 'procent') return '%';
  return u;
}

/** Sentences of a passage; line breaks inside a sentence (PDF layout) are kept as spaces in the result. */
export function sentences(text: string): string[] {
  const flat = text.replace(/\s*\n\s*/g, ' ').replace(/\s+/g, ' ').trim();
  if (!flat) return [];
  // A full stop ends a sentence unless it sits inside a number or an abbreviation such as `bl.a.` or `t.ex.`.
  const parts = flat.split(/(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9"”(•–-])/u);
  const out: string[] = [];
  for (const p of parts) {
    const prev = out.at(-1);
    if (prev && /\b(?:bl\.a|t\.ex|s\.k|m\.m|dvs|ca|resp|jmf|kap|nr)\.$/i.test(prev)) out[out.length - 1] = `${prev} ${p}`;
    else out.push(p);
  }
  return out;
}

/** Formats a number the way the answer's language writes it: `−47 699`, `663,5` (sv) or `-47,699`, `663.5` (en). */
export function formatNumber(value: number, lang: Lang, decimals?: number): string {
  const d = decimals ?? (Number.isInteger(value) ? 0 : Math.min(2, decimalsOf(value)));
  const s = Math.abs(value).toFixed(d);
  const [int, frac] = s.split('.');
  // Thousands are grouped with a space in both languages: `364,500` would read as a decimal to a Swedish reader.
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const body = frac ? `${grouped}${lang === 'sv' ? ',' : '.'}${frac}` : grouped;
  return value < 0 ? `-${body}` : body;
}

function decimalsOf(v: number): number {
  const s = String(v);
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}

/** `663,5 mnkr`, `5,9 %`, `-47 699 tkr`. */
export function formatAmount(value: number, unit: string | null, lang: Lang, decimals?: number): string {
  const n = formatNumber(value, lang, decimals);
  if (!unit) return n;
  return `${n} ${lang === 'en' && unit === 'procentenheter' ? 'percentage points' : unit}`;
}

/** Whitespace-normalized verbatim text for quotes. */
/** A span the question quotes (a document's title, a table's caption): the name inside the quotation marks. */
export const QUOTED = /["“”«»]([^"“”«»]{3,})["“”«»]/gu;

export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function truncateWords(text: string, max: number): string {
  const w = text.split(/\s+/);
  return w.length <= max ? text : `${w.slice(0, max).join(' ')} …`;
}
