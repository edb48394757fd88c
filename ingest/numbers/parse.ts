/** A number read from a Swedish document cell or sentence. */
export interface ParsedNumber {
  value: number;
  /** Unit written with the number (`tkr`, `mnkr`, `kr`, `%`, `st`, `dagar`, …), normalized to lower case. */
  unit: string | null;
  raw: string;
}

const EMPTY = /^(?:-|–|—|−|---+|\.\.|x|…)$/i;
const UNIT = /\s*(tkr|mnkr|mkr|mdkr|kr|%|procent|st|dagar|dygn|timmar|tim|år|månader|mån|personer|pers)\.?$/i;
const MINUS = /^[-−–‒—]\s?/;
const GROUPED = /^\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?:,\d+)?$/;
const PLAIN = /^\d+(?:[,.]\d+)?$/;
const FOOTNOTE = /(?<=\d)\s?(?:\*+|[¹²³])$/;
const FOOTNOTE_PAREN = /^[^(]*\s\d\)$/;
/** A note after the number, such as `159 050 (prel)` or `2 972 (prognos)`: the figure stands, the note is in `raw`. */
const TRAILING_NOTE = /(?<=\d)\s*\((?:prel|prel\.|preliminär|preliminärt|prognos|budget|uppskattat|ca)\.?\)$/i;
/** OCR'd text layers misread `kr` at the end of an amount (`2686 ke`); no other unit is written `ke`. */
const OCR_KR = /(?<=\d)\s+ke$/;

/** True for the marks that stand for an empty cell (`-`, `---`, `–`, `..`). */
export function isEmptyMark(text: string): boolean {
  return EMPTY.test(text.trim());
}

/**
 * Parses a cell such as `-47 699`, `− 6 279`, `1 234,5`, `(1 234)`, `82 %`, `12,3 mnkr` or `-400*`.
 * Returns null for text, empty marks and anything that is not wholly a number.
 */
export function parseSwedishNumber(text: string): ParsedNumber | null {
  const raw = text;
  let s = text.normalize('NFC').replace(/[\u00a0\u2009\u202f\u2007]/g, ' ').trim();
  if (!s || isEmptyMark(s)) return null;
  s = s.replace(FOOTNOTE, '').replace(TRAILING_NOTE, '').replace(OCR_KR, ' kr').trim();
  // `1 234 1)` style footnote marks: a closing parenthesis with no opening one.
  if (FOOTNOTE_PAREN.test(s)) s = s.replace(/\s\d\)$/, '').trim();
  let unit: string | null = null;
  const u = UNIT.exec(s);
  if (u) {
    unit = normalizeUnit(u[1]!);
    s = s.slice(0, u.index).trim();
  }
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  if (MINUS.test(s)) {
    negative = !negative;
    s = s.replace(MINUS, '');
  } else if (s.startsWith('+')) {
    s = s.slice(1).trim();
  }
  let digits: string;
  if (GROUPED.test(s)) digits = s.replace(/ /g, '').replace(',', '.');
  else if (PLAIN.test(s)) digits = s.replace(',', '.');
  else return null;
  const value = Number(digits);
  if (!Number.isFinite(value)) return null;
  return { value: negative ? -value : value, unit, raw };
}

export function normalizeUnit(unit: string): string {
  const u = unit.toLowerCase().replace(/\.$/, '');
  if (u === 'procent') return '%';
  if (u === 'mkr') return 'mnkr';
  if (u === 'tim') return 'timmar';
  if (u === 'mån') return 'månader';
  if (u === 'pers') return 'personer';
  return u;
}

/** Reads a year that extraction may have split (`2 022` → 2022); null when the text is not a year. */
export function parseYear(text: string): number | null {
  const m = /^((?:19|20)\s?\d{2})$/.exec(text.replace(/[\u00a0\u2009\u202f]/g, ' ').trim().replace(/^(\d)\s(\d{3})$/, '$1$2'));
  return m ? Number(m[1]!.replace(/\s/g, '')) : null;
}

/** Multiplier from a money unit to kronor; null for units that are not money. */
export function kronorScale(unit: string | null): number | null {
  switch (unit) {
    case 'kr':
      return 1;
    case 'tkr':
      return 1e3;
    case 'mnkr':
      return 1e6;
    case 'mdkr':
      return 1e9;
    default:
      return null;
  }
}
