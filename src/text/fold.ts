/**
 * An OCR-tolerant key for a word. Scanned and OCR'd Swedish text swaps å/ä/ö with each other, with plain
 * vowels and with digits (`nimnden`, `ménad`, `jimféra`, `frin`, `f6r`, `4r`), so all of those become `a`;
 * `e`, `u` and `y`, which OCR keeps, stay. Words that differ only in those vowels collide; that is the price of
 * matching `nimndens` with `nämndens`.
 */
const CONFUSED = new Set(['a', 'å', 'ä', 'à', 'á', 'â', 'i', 'í', 'ì', 'î', 'ï', 'o', 'ö', 'ó', 'ò', 'ô', 'ø', 'é', 'è', 'æ']);

export function foldWord(word: string): string {
  let out = cache.get(word);
  if (out === undefined) {
    out = ocrKey(word);
    // Bounded: words repeat across chunks, so a plain map that is emptied when full keeps most hits.
    if (cache.size > 200_000) cache.clear();
    cache.set(word, out);
  }
  return out;
}

const cache = new Map<string, string>();

function ocrKey(word: string): string {
  const lower = word.toLowerCase();
  // Digits inside a word that also has letters are OCR'd vowels; pure numbers stay numbers.
  const hasLetter = /\p{L}/u.test(lower);
  let out = '';
  for (const ch of lower) {
    if (hasLetter && (ch === '4' || ch === '6' || ch === '0')) out += 'a';
    else if (CONFUSED.has(ch)) out += 'a';
    else out += ch.normalize('NFD').replace(/\p{M}/gu, '');
  }
  return out;
}

/**
 * The one text fold: case, diacritics, odd spaces and dashes, so that `Nämnden` meets `namnden` and a question's
 * `–` meets a document's `-`. `foldWord` goes further for OCR'd text and maps the vowels OCR confuses onto one.
 */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u00a0\u2009\u202f\t]/g, ' ')
    .replace(/[−–—]/g, '-');
}
