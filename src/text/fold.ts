/**
 * An OCR-tolerant key for a word. Scanned and OCR'd Swedish text swaps the vowels å/ä/ö for look-alikes
 * (`nimnden`, `ménad`, `jimféra`) and digits (`f6r`, `4r`), so every vowel and vowel look-alike becomes `a`.
 * Words that differ only in vowels collide; that is the price of matching `nimndens` with `nämndens`.
 */
export function foldWord(word: string): string {
  const lower = word.toLowerCase();
  // Digits inside a word that also has letters are OCR'd vowels; pure numbers stay numbers.
  const hasLetter = /\p{L}/u.test(lower);
  let out = '';
  for (const ch of lower.normalize('NFD')) {
    if (/\p{M}/u.test(ch)) continue;
    if (hasLetter && (ch === '4' || ch === '6' || ch === '0')) out += 'a';
    else if ('aeiouy'.includes(ch)) out += 'a';
    else if (ch === 'ø' || ch === 'æ') out += 'a';
    else out += ch;
  }
  return out;
}
