import type { PageContent } from '../pdf/types.ts';

/** Shorter words are left alone: `for`/`för`, `har`/`här`, `vara`/`våra` are both real words. */
const MIN_LENGTH = 6;
const WORD = /[\p{L}]+/gu;

/** Folds the letters OCR confuses in Swedish: å, ä and their look-alikes to a, ö to o. */
function fold(w: string): string {
  return w.toLowerCase().replace(/[åäáàâéèê]/g, 'a').replace(/[öóòô]/g, 'o');
}

const diacritics = (w: string) => (w.match(/[åäöÅÄÖ]/g) ?? []).length;

/**
 * Restores Swedish letters that OCR dropped in one place but read in another place of the same document
 * (`Institutionsvard` where `Institutionsvård` is read elsewhere, `vuxenvérd` for `vuxenvård`). Only evidence from
 * the document itself is used, never a guess: a word is rewritten only to a spelling that OCR read somewhere else in
 * it with more of å, ä, ö and otherwise the same letters. Short words are left alone (see MIN_LENGTH).
 */
export function harmoniseSpelling(pages: readonly PageContent[]): PageContent[] {
  const seen = new Map<string, Map<string, number>>();
  for (const p of pages) {
    for (const it of p.items) {
      for (const w of it.str.match(WORD) ?? []) {
        if (w.length < MIN_LENGTH) continue;
        const forms = seen.get(fold(w)) ?? new Map<string, number>();
        forms.set(w.toLowerCase(), (forms.get(w.toLowerCase()) ?? 0) + 1);
        seen.set(fold(w), forms);
      }
    }
  }
  const better = new Map<string, string>();
  for (const [, forms] of seen) {
    if (forms.size < 2) continue;
    const best = [...forms.entries()].sort((a, b) => diacritics(b[0]) - diacritics(a[0]) || b[1] - a[1])[0]![0];
    for (const form of forms.keys()) {
      // Only towards more Swedish letters, and only by changing confusable letters (the fold guarantees the rest).
      if (form !== best && diacritics(best) > diacritics(form)) better.set(form, best);
    }
  }
  if (!better.size) return [...pages];
  const fix = (w: string) => {
    const to = w.length >= MIN_LENGTH ? better.get(w.toLowerCase()) : undefined;
    if (!to) return w;
    return [...to].map((c, i) => (w[i] && w[i] !== w[i]!.toLowerCase() ? c.toUpperCase() : c)).join('');
  };
  return pages.map((p) => ({ ...p, items: p.items.map((it) => ({ ...it, str: it.str.replace(WORD, fix) })) }));
}
