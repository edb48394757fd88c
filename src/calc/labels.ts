/** Row labels as printed, and keys that match them across documents, line breaks and OCR misreadings. */

// A word broken at the line end (`social- kontor`): joined unless the next word is a conjunction, as in `vård- och omsorg`.
const BROKEN = /(\p{L})- (?!(?:och|eller|samt|respektive|resp|&|o)\b)(\p{Ll})/gu;

/** The label as it should be shown: whitespace collapsed, line-break hyphenation joined. */
export function cleanLabel(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim().replace(BROKEN, '$1$2');
}

/**
 * A key equal for `Övergripande & nämnd`, `Overgripande & namnd` and `ÖVERGRIPANDE &  nämnd`: lower case, diacritics
 * and punctuation dropped, OCR's digits-for-letters inside words (`f6r`) read as letters.
 */
export function labelKey(text: string): string {
  return cleanLabel(text)
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/(?<=\p{L})6|6(?=\p{L})/gu, 'o')
    .replace(/(?<=\p{L})0(?=\p{L})/gu, 'o')
    .replace(/(?<![\p{L}\p{N}])4(?=r(?![\p{L}\p{N}]))/gu, 'a')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Digits in a label (`65 – 79 år`, `0–20 år`): labels with different numbers never match. */
function numbersOf(key: string): string {
  return (key.match(/\d+/g) ?? []).join(' ');
}

/**
 * Whether two labels name the same row: equal keys, or the same words where some are an OCR misreading apart
 * (`Virddygn` ≈ `Vårddygn`): one edit per five letters in words of four or more, and never in a number, so that
 * `barn` ≠ `unga` and `65 79 ar` ≠ `80 84 ar`.
 */
export function sameLabel(a: string, b: string): boolean {
  const ka = labelKey(a);
  const kb = labelKey(b);
  if (ka === kb) return true;
  const wa = ka.split(' ');
  const wb = kb.split(' ');
  if (wa.length !== wb.length || numbersOf(ka) !== numbersOf(kb)) return false;
  return wa.every((w, i) => {
    const v = wb[i]!;
    if (w === v) return true;
    const allowed = Math.floor(Math.min(w.length, v.length) / 5);
    return allowed > 0 && w.length >= 4 && editDistance(w, v, allowed) <= allowed;
  });
}

/** Every word of the query begins a word of the label (`befolkning totalt` in `Befolkning, antal invånare totalt`). */
export function labelContains(label: string, query: string): boolean {
  const words = labelKey(label).split(' ');
  return labelKey(query)
    .split(' ')
    .filter(Boolean)
    .every((q) => words.some((w) => w.startsWith(q) || (q.length >= 6 && sameLabel(w, q))));
}

/** Levenshtein distance, giving up (returning limit + 1) once it exceeds limit. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}
