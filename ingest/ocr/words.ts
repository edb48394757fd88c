import type { Shape, TextItem } from '../pdf/types.ts';

/** One OCR word in raster pixels (top-left origin), as tesseract boxes it. */
export interface OcrWord {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Word confidence 0–100. */
  conf: number;
}

/** One line as tesseract segments it: its fitted baseline and row height, in raster pixels. */
export interface OcrLine {
  /** Baseline from (x0, y0) to (x1, y1). */
  baseline: [number, number, number, number];
  /** Ascender top to descender bottom, as tesseract measures the row. */
  rowHeight: number;
  words: OcrWord[];
}

/** What tesseract returned for one page, kept raw so that it can be cached and re-interpreted. */
export interface OcrRawPage {
  widthPx: number;
  heightPx: number;
  /** Raster pixels per PDF point. */
  scale: number;
  lines: OcrLine[];
  /** Rules and shaded bands found on the raster, in deskewed PDF points. */
  shapes?: Shape[];
  /** Skew rotated out of the raster before OCR, in radians. */
  skew?: number;
}

// Row height → font size: tesseract's row height spans ascender top to descender bottom, about 0.95 em of a sans
// font (measured on the Enköping scan against its text version: 10 pt body, 15 and 20 pt headings).
const ROW_HEIGHT_PER_EM = 0.95;
/** Line font sizes this close to a more common size on the page are read as that size (OCR measures ±0.5 pt). */
const SAME_SIZE = 0.07;
/** Words of one OCR line whose gap is under this many ems read as one phrase, like a text-layer item. */
const PHRASE_GAP_EM = 0.8;

/**
 * The page's skew in radians (raster y grows downwards, so a positive angle is text falling to the right), as the
 * length-weighted median slope of the baselines of lines long enough to measure.
 */
export function estimateSkew(lines: readonly OcrLine[]): number {
  const samples: { angle: number; weight: number }[] = [];
  for (const l of lines) {
    const [x0, y0, x1, y1] = l.baseline;
    const len = x1 - x0;
    if (len < 8 * l.rowHeight || l.words.length < 2) continue;
    samples.push({ angle: Math.atan2(y1 - y0, len), weight: len });
  }
  if (!samples.length) return 0;
  samples.sort((a, b) => a.angle - b.angle);
  const half = samples.reduce((s, x) => s + x.weight, 0) / 2;
  let acc = 0;
  for (const s of samples) {
    acc += s.weight;
    if (acc >= half) return s.angle;
  }
  return samples.at(-1)!.angle;
}

/**
 * OCR lines → text items in PDF points, as the text layer would give them: the skew is rotated out of the word boxes
 * (about the page centre), words of a line share its baseline and font size, and words a normal space apart are one
 * item, so that a table cell such as `-47 699` is one segment.
 */
export function wordsToItems(raw: OcrRawPage, skew: number): TextItem[] {
  const cx = raw.widthPx / 2;
  const cy = raw.heightPx / 2;
  const cos = Math.cos(skew);
  const sin = Math.sin(skew);
  // Rotating by −skew about the centre makes each baseline horizontal.
  const straighten = (x: number, y: number) => ({
    x: cx + (x - cx) * cos + (y - cy) * sin,
    y: cy - (x - cx) * sin + (y - cy) * cos,
  });
  const items: TextItem[] = [];
  const sizes = snappedSizes(raw);
  for (const line of raw.lines) {
    const words = line.words.filter((w) => w.text.trim() && !NOISE.test(w.text.trim()));
    if (!words.length) continue;
    const [bx0, by0, bx1, by1] = line.baseline;
    const slope = bx1 > bx0 ? (by1 - by0) / (bx1 - bx0) : 0;
    const baselineAt = (x: number) => by0 + (x - bx0) * slope;
    const emPx = Math.max(line.rowHeight, 1) / ROW_HEIGHT_PER_EM;
    const fontSize = sizes.get(line) ?? round(emPx / raw.scale, 0.5);
    // One baseline for the whole line, taken at its middle, so that its items group together downstream.
    const mid = (words[0]!.x0 + words.at(-1)!.x1) / 2;
    const lineBase = straighten(mid, baselineAt(mid)).y / raw.scale;
    let phrase: { words: OcrWord[]; x0: number; x1: number } | null = null;
    const flush = () => {
      if (!phrase) return;
      const x = phrase.x0 / raw.scale;
      items.push({
        str: phrase.words.map((w) => w.text).join(' '),
        x,
        baseline: lineBase,
        top: lineBase - fontSize,
        w: Math.max(0.1, phrase.x1 / raw.scale - x),
        fontSize,
        bold: false,
        fontName: 'ocr',
        mcid: null,
        confidence: Math.min(...phrase.words.map((w) => w.conf)),
      });
      phrase = null;
    };
    for (const w of [...words].sort((a, b) => a.x0 - b.x0)) {
      const text = cleanNumericToken(w.text.trim());
      const word = { ...w, text };
      const x0 = straighten(w.x0, baselineAt(w.x0)).x;
      const x1 = straighten(w.x1, baselineAt(w.x1)).x;
      if (phrase && x0 - phrase.x1 < PHRASE_GAP_EM * emPx) {
        phrase.words.push(word);
        phrase.x1 = Math.max(phrase.x1, x1);
      } else {
        flush();
        phrase = { words: [word], x0, x1 };
      }
    }
    flush();
  }
  return items;
}

/** Tokens that are table rules or specks read as characters. */
const NOISE = /^[|_¦]+$/;

/** Each line's font size in points, snapped to the page's more common sizes (weighted by characters). */
function snappedSizes(raw: OcrRawPage): Map<OcrLine, number> {
  const measured = new Map<OcrLine, number>();
  const weight = new Map<number, number>();
  for (const l of raw.lines) {
    const size = round(Math.max(l.rowHeight, 1) / ROW_HEIGHT_PER_EM / raw.scale, 0.5);
    measured.set(l, size);
    weight.set(size, (weight.get(size) ?? 0) + l.words.reduce((n, w) => n + w.text.length, 0));
  }
  const snap = new Map<number, number>();
  for (const [size] of [...weight.entries()].sort((a, b) => b[1] - a[1])) {
    if (snap.has(size)) continue;
    snap.set(size, size);
    for (const other of weight.keys()) if (!snap.has(other) && Math.abs(other - size) <= SAME_SIZE * size) snap.set(other, size);
  }
  return new Map([...measured].map(([l, s]) => [l, snap.get(s) ?? s]));
}

const DIGIT_LOOKALIKE: Record<string, string> = { O: '0', o: '0', D: '0', l: '1', I: '1', '|': '1', S: '5' };
const DASHES = /^[\u2212\u2013\u2014]/;

/**
 * Conservative clean-up of tokens that are numbers but for one or two look-alike letters (`2O23`, `1l5`), and a
 * typographic minus in front of a number. Words are left alone: Swedish letters misread as digits are not guessed.
 */
export function cleanNumericToken(token: string): string {
  let t = token;
  if (DASHES.test(t) && /\d/.test(t.slice(1))) t = `-${t.slice(1)}`;
  // A negative amount with a decimal point is a decimal comma misread (the documents write `-11,6`).
  if (/^-\d{1,3}\.\d{1,2}$/.test(t)) t = t.replace('.', ',');
  const core = t.replace(/^[-(]/, '').replace(/[%)]+$|[,.:;]$/, '');
  const digits = (core.match(/\d/g) ?? []).length;
  const lookalikes = [...core].filter((c) => c in DIGIT_LOOKALIKE).length;
  // At least two real digits and more digits than look-alikes, and nothing else but separators.
  if (lookalikes === 0 || digits < 2 || lookalikes >= digits || !/^[\dOoDlI|S,.]+$/.test(core)) return t;
  return t.replace(/[OoDlI|S]/g, (c) => DIGIT_LOOKALIKE[c]!);
}

/** The mean word confidence over a page's words, or null when it has none. */
export function meanConfidence(raw: OcrRawPage): number | null {
  const confs = raw.lines.flatMap((l) => l.words.filter((w) => w.text.trim()).map((w) => w.conf));
  return confs.length ? confs.reduce((s, c) => s + c, 0) / confs.length : null;
}

function round(n: number, step: number): number {
  return Math.round(n / step) * step;
}
