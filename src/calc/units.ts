import { kronorScale, normalizeUnit } from '../../ingest/numbers/parse.ts';

const UNIT_WORD = /(?:^|[\s(,])(tkr|mnkr|mkr|mdkr|kr|%|procent|dygn|dagar)(?=$|[\s),.])/i;

/** A unit named in a header or label (`Belopp i tkr`, `Verksamhet (Mnkr)`, `andel (%)`), normalized; null if none. */
export function unitIn(text: string): string | null {
  const m = UNIT_WORD.exec(text);
  return m ? normalizeUnit(m[1]!) : null;
}

/** Converts between money units (tkr ↔ mnkr ↔ kr); other units only to themselves. Null when not convertible. */
export function convert(value: number, from: string | null, to: string | null): number | null {
  if (from === to) return value;
  const f = kronorScale(from);
  const t = kronorScale(to);
  return f !== null && t !== null ? (value * f) / t : null;
}

export function toKronor(value: number, unit: string | null): number | null {
  const s = kronorScale(unit);
  return s === null ? null : value * s;
}

/** The unit two figures are compared in: the first's, when the second converts to it. */
export function commonUnit(units: (string | null)[]): string | null {
  const [first, ...rest] = units;
  if (first === undefined) return null;
  return rest.every((u) => convert(1, u, first ?? null) !== null) ? (first ?? null) : null;
}
