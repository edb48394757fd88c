import type { Lang } from '../lang.ts';
import { numbersIn } from '../text.ts';

const SCALES: Record<string, number> = { kr: 1, tkr: 1e3, mnkr: 1e6, mdkr: 1e9 };

/** Whether a number written in an answer is one of the sourced numbers (same value, or the same amount in another unit, or rounded). */
function traced(value: number, unit: string | null, sourced: { value: number; unit: string | null }[]): boolean {
  const a = Math.abs(value);
  return sourced.some((s) => {
    const b = Math.abs(s.value);
    if (a === b) return true;
    // Rounded to fewer decimals than the source printed (`47,7` for `47,699` mnkr is not this case; `663,5` for `663,5` is).
    if (b !== 0 && Math.abs(a - b) <= 0.05 + 1e-9 && Math.abs(a - b) / b < 0.01) return true;
    const su = s.unit ? SCALES[s.unit] : undefined;
    const au = unit ? SCALES[unit] : undefined;
    if (su && au && su !== au) {
      const conv = (b * su) / au;
      const decimals = String(a).split('.')[1]?.length ?? 0;
      return Math.abs(conv - a) <= 0.5 * 10 ** -decimals + 1e-9;
    }
    // A money figure restated in mnkr from tkr without the unit being written next to it.
    for (const f of [1e3, 1e-3]) {
      const conv = b * f;
      const decimals = String(a).split('.')[1]?.length ?? 0;
      if (Math.abs(conv - a) <= 0.5 * 10 ** -decimals + 1e-9 && a >= 0.1) return true;
    }
    return false;
  });
}

export interface GuardResult {
  text: string;
  removed: string[];
}

/**
 * Removes from an answer every number that no tool result or quoted source contains. Citation ids (`[S2]`, `[F5]`)
 * and list numbering are not figures. Returns the cleaned text and what was removed.
 */
export function removeUnsourcedNumbers(answer: string, sources: string[], extraAllowed: number[], lang: Lang): GuardResult {
  const sourced = [...sources.flatMap((s) => numbersIn(s).map((n) => ({ value: n.value, unit: n.unit }))), ...extraAllowed.map((v) => ({ value: v, unit: null }))];
  const masked = answer.replace(/\[[SF]\d+\]/g, (m) => '\u0000'.repeat(m.length));
  const removed: string[] = [];
  let out = '';
  let at = 0;
  for (const n of numbersIn(masked)) {
    if (/^\s*\d+\.\s/.test(masked.slice(Math.max(0, n.index - 1), n.index + n.raw.length + 2)) && n.value < 20 && /(^|\n)\s*$/.test(masked.slice(0, n.index))) continue;
    if (traced(n.value, n.unit, sourced)) continue;
    out += answer.slice(at, n.index) + (lang === 'sv' ? '[siffra borttagen]' : '[figure removed]');
    at = n.index + n.raw.length;
    removed.push(n.raw.trim());
  }
  out += answer.slice(at);
  if (removed.length) {
    out += lang === 'sv'
      ? `\n\n(${removed.length} ${removed.length === 1 ? 'siffra' : 'siffror'} som inte kunde beläggas i källorna har tagits bort.)`
      : `\n\n(${removed.length} ${removed.length === 1 ? 'figure' : 'figures'} that could not be traced to the sources ${removed.length === 1 ? 'was' : 'were'} removed.)`;
  }
  return { text: out, removed };
}
