import type { Lang } from '../lang.ts';
import { normalizeTextUnit } from '../text.ts';

/** One way of reading a written number: its value and how many decimals it was printed with. */
export interface Reading {
  value: number;
  decimals: number;
}

/** A number as a model wrote it, with every reading its notation allows (the answer language's first). */
export interface WrittenNumber {
  index: number;
  raw: string;
  unit: string | null;
  readings: Reading[];
  /** Written with a sign (`-4,6`, `+12`): the source's value must have the same sign. */
  signed: boolean;
  /** Written without sign, separators or decimals (`2023`): could be a year. */
  plain: boolean;
}

// Grouped thousands (`1 234`, `1,234`, `1.234`, `1 234,5`, `1,234.5`) or a plain number with optional decimals.
const NUMBER = /(?<![\p{L}\d.,])([-+]\s?)?(\d{1,3}(?:[ ,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?!\d|[.,]\d)/gu;
const UNIT =
  /^\s?(%|procentenheter|procent|percentage points?|per cent|percent|mnkr|mkr|mdkr|tkr|miljoner kronor|million kronor|million SEK|tusen kronor|thousand kronor|MSEK|TSEK|kSEK|kronor|SEK|kr)(?![\p{L}])/iu;

function unitOf(word: string): string {
  const u = word.toLowerCase();
  if (/^(procentenheter|percentage points?|per cent|percent)$/.test(u)) return '%';
  if (u === 'msek' || u === 'million kronor' || u === 'million sek') return 'mnkr';
  if (u === 'tsek' || u === 'ksek' || u === 'thousand kronor') return 'tkr';
  if (u === 'sek') return 'kr';
  return normalizeTextUnit(u);
}

/** The readings of a digit string whose separators may group thousands or mark decimals. */
function readingsOf(body: string, lang: Lang): Reading[] {
  const seps = [...body.matchAll(/[ ,.]/g)].map((m) => ({ ch: m[0], at: m.index }));
  const digits = (s: string) => Number(s.replace(/[ ,.]/g, ''));
  if (!seps.length) return [{ value: Number(body), decimals: 0 }];
  const last = seps.at(-1)!;
  const tail = body.slice(last.at + 1);
  const others = seps.slice(0, -1);
  const decimal = (): Reading => ({ value: Number(`${body.slice(0, last.at).replace(/[ ,.]/g, '')}.${tail}`), decimals: tail.length });
  const grouped = (): Reading => ({ value: digits(body), decimals: 0 });
  if (last.ch === ' ') return [grouped()];
  // A last separator unlike the ones before it (`1 234,5`, `1,234.5`, `1.234,5`) marks decimals.
  if (others.length && others.some((o) => o.ch !== last.ch)) return [decimal()];
  // The same separator repeated (`1,234,567`) groups; so does any separator not followed by exactly three digits' group.
  if (others.length) return [grouped()];
  if (tail.length !== 3) return [decimal()];
  // `1,234` and `1.234`: a Swedish text means 1,234 → decimal comma, an English one a thousands comma; keep both.
  const commaIsDecimal = last.ch === ',' ? lang === 'sv' : lang !== 'sv';
  return commaIsDecimal ? [decimal(), grouped()] : [grouped(), decimal()];
}

/**
 * Numbers in a model's answer, in Swedish or English notation: `663,5`, `663.5`, `1 234`, `1,234`, `−4,6 %`,
 * `12.3%`. A notation that reads two ways (`1,234`) keeps both readings, the answer language's first.
 */
export function writtenNumbers(text: string, lang: Lang): WrittenNumber[] {
  // Same length as the text, so that indices point into the original.
  const s = text.replace(/[\u00a0\u2009\u202f]/g, ' ').replace(/[−–]/g, '-');
  const out: WrittenNumber[] = [];
  for (const m of s.matchAll(NUMBER)) {
    const signed = !!m[1] && (m.index === 0 || /[\s(|:=]/.test(s[m.index - 1]!));
    const start = signed ? m.index : m.index + (m[1]?.length ?? 0);
    const negative = signed && m[1]!.startsWith('-');
    const readings = readingsOf(m[2]!, lang).map((r) => ({ ...r, value: negative ? -r.value : r.value }));
    const after = s.slice(m.index + m[0].length);
    const u = UNIT.exec(after);
    const end = m.index + m[0].length + (u ? u[0].length : 0);
    out.push({ index: start, raw: text.slice(start, end), unit: u ? unitOf(u[1]!) : null, readings, signed, plain: !signed && /^\d+$/.test(m[2]!) });
  }
  return out;
}
