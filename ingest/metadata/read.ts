import type { DocumentMeta, DocumentType } from '../../src/model/document.ts';
import { stripFurniture, type RemovedFurniture } from '../layout/furniture.ts';
import type { Line } from '../layout/lines.ts';
import type { LoadedPdf } from '../pdf/types.ts';
import { MUNICIPALITIES } from './municipalities.ts';

export type ReadMetadata = Pick<DocumentMeta, 'title' | 'municipality' | 'committee' | 'documentType' | 'year' | 'period'>;

/** Document types by the word that names them; the first one a text names wins. */
const TYPE_WORDS: [string, DocumentType][] = [
  ['delårsrapport', 'delårsrapport'],
  ['delårsbokslut', 'delårsrapport'],
  ['årsberättelse', 'årsberättelse'],
  ['årsbokslut', 'årsbokslut'],
  ['årsredovisning', 'årsredovisning'],
  ['årsredogörelse', 'årsredogörelse'],
  ['verksamhetsplan', 'verksamhetsplan'],
  ['nämndplan', 'nämndplan'],
  ['verksamhetsberättelse', 'årsberättelse'],
  ['styrmodell', 'styrmodell'],
  ['protokoll', 'protokoll'],
  ['budget', 'budget'],
];

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
const DIRECTIONS = new Set(['öster', 'väster', 'norr', 'söder', 'nord', 'syd', 'öst', 'väst', 'mitt', 'centrum', 'nordost', 'nordväst', 'sydost', 'sydväst']);
const NOT_QUALIFIER = new Set(
  'med för och i på av till som har ska den det en ett att är samt under inom om vid efter enligt beslutar ger begär fastställer redovisar kommun stad'.split(' '),
);

/** Metadata read from the document itself: PDF metadata when present, the running header or footer, the cover page and
 * the first pages' text. Never the file name. */
export function readMetadata(pdf: LoadedPdf, linesByPage: Map<number, Line[]>, furniture?: RemovedFurniture[]): ReadMetadata {
  const removed = furniture ?? stripFurniture(pdf.pages.flatMap((p) => (p.ok ? [p.content] : []))).removed;
  const pages = [...linesByPage.keys()].sort((a, b) => a - b);
  const running = runningTexts(removed);
  const cover = coverTitle(linesByPage, pages);
  const pdfTitle = saneTitle(pdf.info.title);
  const pageText = (n: number) => (linesByPage.get(n) ?? []).map((l) => l.text).join('\n');
  const opening = pages.slice(0, 3).map(pageText).join('\n');
  const allText = pages.map(pageText).join('\n');

  const municipality = findMunicipality([...running, cover ?? '', pdfTitle ?? '', opening].join('\n'), allText);
  // Where the title names the committee, that is the committee; the running header, the cover and the opening pages next.
  const sources = [pdfTitle, ...running, cover, pdf.info.author, opening].filter((s): s is string => Boolean(s));
  let committee: string | null = null;
  for (const s of sources) {
    committee = findCommittee(s);
    if (committee) break;
  }

  const typed = (s: string | null | undefined) => (s ? typeOf(s) !== null : false);
  const headerTitle = running.find((t) => typed(t) && !/\.(docx?|pdf|indd|odt)\b/i.test(t));
  // A title names the kind of document: a metadata title or cover line that does not (a headline, the addressee
  // `Göteborgs Stad kommunfullmäktige`) gives way to a running header or cover title that does.
  const candidates = [pdfTitle, headerTitle, cover].filter((s): s is string => Boolean(s) && !isAddressee(s!));
  const rawTitle = candidates.find(typed) ?? candidates[0] ?? largestLine(linesByPage, pages) ?? '';
  let title = tidyTitle(rawTitle, municipality, committee);
  // A bare kind (`Protokoll`) says which document only with its committee and date, as a minutes' header gives them.
  const date = [...running, cover ?? '', opening].map((s) => /\b((?:19|20)\d\d)-(0[1-9]|1[0-2])-([0-2]\d|3[01])\b/.exec(s)).find(Boolean);
  if (typed(title) && /^\p{L}+$/u.test(title.trim())) {
    title = [title, committee, date?.[0] ?? ''].filter(Boolean).join(' ');
  }

  const ordered = [title, ...running, cover ?? '', opening];
  let documentType: DocumentType = 'annat';
  for (const s of ordered) {
    const t = typeOf(s);
    if (t) {
      documentType = t;
      break;
    }
  }
  let year: number | null = null;
  for (const s of [title, ...running, cover ?? '']) {
    const m = /\b(19[5-9]\d|20\d\d)\b/.exec(s);
    if (m) {
      year = Number(m[1]);
      break;
    }
  }
  let period: string | null = null;
  for (const s of [title, ...running, cover ?? '']) {
    period = periodOf(s);
    if (period) break;
  }
  // Minutes cover one meeting: their period is the meeting's month.
  if (!period && documentType === 'protokoll' && date) period = MONTHS[Number(date[2]) - 1]!;
  return { title, municipality, committee, documentType, year, period };
}

/** Folds case, diacritics and the usual OCR slips (`f6r`, `nimnden`) so that a poor text layer still matches. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/6/g, 'o');
}

/** A regex source for a Swedish word that also matches the garbled forms of its å/ä/ö. */
function looseWord(word: string): string {
  return [...word]
    .map((ch) => ({ å: '[åaäde]', ä: '[äaide4]', ö: '[öo6ée]' })[ch] ?? ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('');
}

function typeOf(text: string): DocumentType | null {
  let best: { at: number; type: DocumentType } | null = null;
  for (const [word, type] of TYPE_WORDS) {
    const m = new RegExp(looseWord(word), 'iu').exec(text);
    if (m && (!best || m.index < best.at)) best = { at: m.index, type };
  }
  return best?.type ?? null;
}

function periodOf(text: string): string | null {
  const prognos = /\bprognos\s*(\d)\b/iu.exec(text);
  if (prognos) return `Prognos ${prognos[1]}`;
  const months = MONTHS.map((m) => `${m}|${m.slice(0, 3)}`).join('|');
  const range = new RegExp(`\\b(${months})\\.?\\s*[-–]\\s*(${months})\\b`, 'iu').exec(text);
  if (range) return `${range[1]!.toLowerCase()}–${range[2]!.toLowerCase()}`;
  const tertial = /\b(tertial|kvartal)\s*(\d)\b/iu.exec(text);
  if (tertial) return `${cap(tertial[1]!.toLowerCase())} ${tertial[2]}`;
  const month = new RegExp(`(?:delårsrapport|delårsbokslut|uppföljning|rapport)\\s+(?:per\\s+|för\\s+)?(${MONTHS.join('|')})\\b`, 'iu').exec(text);
  if (month) return month[1]!.toLowerCase();
  return null;
}

/** The distinct running header and footer texts, most frequent first; page numbers aside. */
function runningTexts(removed: RemovedFurniture[]): string[] {
  const counts = new Map<string, number>();
  for (const r of removed) if (r.kind !== 'page-number') counts.set(r.text, (counts.get(r.text) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t);
}

/** A line that names whom the document is sent to, not what it is: `Till kommunfullmäktige`, `Handling 2025 nr 67`,
 * `Göteborgs Stad kommunfullmäktige`. */
function isAddressee(text: string): boolean {
  const t = text.trim();
  if (/^(till|handling)(?!\p{L})/iu.test(t)) return true;
  return typeOf(t) === null && /(?<!\p{L})(kommunfullmäktige|kommunstyrelsen|regionfullmäktige|fullmäktige)$/iu.test(t);
}

function saneTitle(title: string | null): string | null {
  if (!title) return null;
  const t = title.trim();
  if (t.length < 4 || !/\p{L}{3}/u.test(t)) return null;
  if (/\.(docx?|pdf|indd|odt|xlsx?|pptx?)$/i.test(t) || /^(microsoft word|untitled|namnlös|dokument\d*$)/i.test(t)) return null;
  return t;
}

/** The display type on a cover page (its largest lines, when they are much larger than the rest). */
function coverTitle(linesByPage: Map<number, Line[]>, pages: number[]): string | null {
  for (const n of pages.slice(0, 2)) {
    const lines = linesByPage.get(n) ?? [];
    if (!lines.length) continue;
    const max = Math.max(...lines.map((l) => l.fontSize));
    if (lines.length > 25 || max < 1.8 * bodySize(linesByPage)) return null;
    const big = lines.filter((l) => l.fontSize >= 0.9 * max && /\p{L}/u.test(l.text) && !isAddressee(l.text));
    if (!big.length) return null;
    return joinTitleLines(big.map((l) => l.text));
  }
  return null;
}

/** The prose font size of the document: the most common size by characters. */
function bodySize(linesByPage: Map<number, Line[]>): number {
  const votes = new Map<number, number>();
  for (const lines of linesByPage.values()) {
    for (const l of lines) votes.set(Math.round(l.fontSize * 2) / 2, (votes.get(Math.round(l.fontSize * 2) / 2) ?? 0) + l.text.length);
  }
  return [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
}

function largestLine(linesByPage: Map<number, Line[]>, pages: number[]): string | null {
  const lines = (linesByPage.get(pages[0] ?? -1) ?? []).filter((l) => /\p{L}{3}/u.test(l.text) && !isAddressee(l.text));
  if (!lines.length) return null;
  return [...lines].sort((a, b) => b.fontSize - a.fontSize)[0]!.text;
}

function joinTitleLines(lines: string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!out) out = line;
    else if (/\d-$/.test(out)) out = `${out.slice(0, -1)} – ${line}`;
    else if (/\p{Ll}-$/u.test(out) && /^\p{Ll}/u.test(line)) out = out.slice(0, -1) + line;
    else out = `${out} ${line}`;
  }
  return out;
}

/** Title as a reader would write it: no final full stop, sentence case for an all-capitals header, the spelling of
 * the municipality and committee restored where the text layer lost its diacritics. */
function tidyTitle(raw: string, municipality: string | null, committee: string | null): string {
  let t = raw.replace(/\s+/g, ' ').trim().replace(/[.:]$/, '');
  const letters = t.replace(/[^\p{L}]/gu, '');
  if (letters.length && letters.replace(/[^\p{Lu}]/gu, '').length / letters.length > 0.8) t = cap(t.toLowerCase());
  for (const [word] of TYPE_WORDS) {
    t = t.replace(new RegExp(`(?<!\\p{L})${looseWord(word)}(?!\\p{L})`, 'giu'), (m) => (/^\p{Lu}/u.test(m) ? cap(word) : word));
  }
  if (municipality) t = t.replace(new RegExp(`(?<!\\p{L})${looseWord(municipality.toLowerCase())}(?!\\p{L})`, 'giu'), municipality);
  if (committee) {
    const stem = committee.replace(/en$/, '');
    t = t.replace(new RegExp(`(?<!\\p{L})${looseWord(stem.toLowerCase())}(en|ens|s)?(?!\\p{L})`, 'giu'), (_m, end: string | undefined) => stem + (end ?? ''));
  }
  return cap(t);
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The municipality the document names most (`Örebro kommun`, `Enköpings kommuns`, `Göteborgs Stad`); the opening
 * pages and running header count three times. */
function findMunicipality(prominent: string, all: string): string | null {
  const byFold = new Map(MUNICIPALITIES.map((m) => [fold(m), m]));
  const votes = new Map<string, number>();
  const count = (text: string, weight: number) => {
    const re = /(?<!\p{L})(\p{Lu}[\p{L}-]+(?: \p{Lu}[\p{L}]+)?)\s+(?:[Kk]ommuns?|[Ss]tads?)(?!\p{L})/gu;
    for (const m of text.matchAll(re)) {
      const name = m[1]!;
      const f = fold(name);
      const known = byFold.get(f) ?? (f.endsWith('s') ? byFold.get(f.slice(0, -1)) : undefined);
      if (known) votes.set(known, (votes.get(known) ?? 0) + weight);
    }
  };
  count(prominent, 3);
  count(all, 1);
  return [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** The committee a text names: `Socialnämnden`, `Socialnämnd öster`, `Programnämnd social välfärd`,
 * `Kultur- och fritidsnämnden`, `Nämnden för Intraservice`, `Stadsrevisionen`, `Kommunstyrelsen`. */
export function findCommittee(text: string): string | null {
  const letters = text.replace(/[^\p{L}]/gu, '');
  const shouting = letters.length > 0 && letters.replace(/[^\p{Lu}]/gu, '').length / letters.length > 0.8;
  const t = shouting ? text.toLowerCase() : text;
  const forRe = /(?<!\p{L})[Nn][äa]mnden för (\p{Lu}[\p{L}-]*(?: \p{Ll}+)?)/u.exec(t);
  const nämnd = new RegExp(
    `(?<![\\p{L}-])((?:\\p{L}+-\\s(?:och|eller)\\s)?\\p{L}+)${looseWord('nämnd')}(ens|en|s)?(?!\\p{L})((?:\\s+\\p{L}+){0,2})`,
    'iu',
  ).exec(t);
  const board = /(?<!\p{L})(\p{Lu}\p{Ll}*(?:styrelsen|revisionen))(?:s)?(?!\p{L})/u.exec(t);
  const found: { at: number; name: string }[] = [];
  if (forRe) found.push({ at: forRe.index, name: `Nämnden för ${forRe[1]}` });
  if (nämnd) {
    const prefix = nämnd[1]!;
    const definite = nämnd[2] === 'en' || nämnd[2] === 'ens';
    let name = `${prefix}nämnd${definite ? 'en' : ''}`;
    if (!definite && nämnd[2] !== 's') {
      const after = t.slice(nämnd.index + nämnd[0].length);
      const words = nämnd[3]!.trim().split(/\s+/).filter(Boolean);
      const qualifier: string[] = [];
      for (const w of words) {
        const lw = w.toLowerCase();
        if (NOT_QUALIFIER.has(lw) || typeOf(w) || !/^\p{Ll}+$/u.test(w)) break;
        qualifier.push(w);
      }
      // A qualifier is a district (`öster`) or the rest of a title line (`Programnämnd social välfärd`).
      const endsLine = /^\s*($|[,.–—\-:;)\n])/u.test(after);
      if (qualifier.length && DIRECTIONS.has(qualifier[0]!.toLowerCase())) name += ` ${qualifier[0]}`;
      else if (qualifier.length === words.length && qualifier.length && endsLine) name += ` ${qualifier.join(' ')}`;
    }
    if (fold(prefix).length >= 3) found.push({ at: nämnd.index, name: cap(name.replace(/n[a-zäåö]mnd/giu, 'nämnd')) });
  }
  if (board) found.push({ at: board.index, name: board[1]! });
  return found.sort((a, b) => a.at - b.at)[0]?.name ?? null;
}
