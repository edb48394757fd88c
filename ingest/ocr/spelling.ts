import type { PageContent } from '../pdf/types.ts';

/** Words this long are restored on the evidence of the word alone; shorter ones need a neighbour to agree too. */
const MIN_LENGTH = 6;
const TOKEN = /[\p{L}\p{N}]+|[^\p{L}\p{N}]+/gu;
const isWord = (t: string) => /^\p{L}+$/u.test(t);
/** Neighbours may be numbers (`Plan 2026`); only letter words are rewritten. */
const isToken = (t: string) => /^[\p{L}\p{N}]+$/u.test(t);

/** Folds the letters OCR confuses: å, ä and their look-alikes to a, ö to o, and l to i (`Pian 2026`). */
function fold(w: string): string {
  return w.toLowerCase().replace(/[åäáàâéèê]/g, 'a').replace(/[öóòô]/g, 'o').replace(/l/g, 'i');
}

/** A spelling without more Swedish letters must outnumber the one it replaces this many times (`Plan` over `Pian`). */
const MAJORITY = 3;

/** The two spellings differ only where one has l and the other i (not `år`/`är`: both are words). */
const onlyLI = (a: string, b: string) => a.length === b.length && [...a].every((c, i) => c === b[i] || /^[li]{2}$/.test(c + b[i]!));

const diacritics = (w: string) => (w.match(/[åäöÅÄÖ]/g) ?? []).length;

interface Use {
  form: string;
  prev: string;
  next: string;
}

/**
 * Restores Swedish letters that OCR dropped in one place but read in another place of the same document
 * (`Institutionsvard` where `Institutionsvård` is read elsewhere, `vuxenvérd` for `vuxenvård`). Only evidence from
 * the document itself is used, never a guess: a word is rewritten only to a spelling that OCR read somewhere else in
 * it with more of å, ä, ö and otherwise the same letters. A word shorter than MIN_LENGTH (`for`/`för`, `vara`/`våra`
 * are both words) is rewritten only where that spelling was read between the same neighbours (`i nara relation` →
 * `i nära relation`).
 */
export function harmoniseSpelling(pages: readonly PageContent[]): PageContent[] {
  const uses = new Map<string, Use[]>();
  const wordsOf = (s: string) => (s.match(TOKEN) ?? []).filter(isToken);
  for (const p of pages) {
    for (const it of p.items) {
      const ws = wordsOf(it.str);
      ws.forEach((w, i) => {
        const key = fold(w);
        const list = uses.get(key) ?? [];
        list.push({ form: w.toLowerCase(), prev: fold(ws[i - 1] ?? ''), next: fold(ws[i + 1] ?? '') });
        uses.set(key, list);
      });
    }
  }
  const restore = (w: string, prev: string, next: string): string => {
    const list = uses.get(fold(w));
    if (!list) return w;
    const mine = w.toLowerCase();
    const count = (form: string) => list.filter((u) => u.form === form).length;
    const sameNeighbour = (u: Use) => Boolean((prev && u.prev === prev) || (next && u.next === next));
    const better = list.filter((u) => {
      if (u.form === mine) return false;
      if (diacritics(u.form) > diacritics(mine)) return w.length >= MIN_LENGTH || sameNeighbour(u);
      // Other confusions (l/i) only between the same neighbours, towards a clear majority, never dropping å, ä, ö.
      return onlyLI(u.form, mine) && sameNeighbour(u) && count(u.form) >= MAJORITY * Math.max(1, count(mine));
    });
    if (!better.length) return w;
    const counts = new Map<string, number>();
    for (const u of better) counts.set(u.form, (counts.get(u.form) ?? 0) + 1);
    const to = [...counts.entries()].sort((a, b) => diacritics(b[0]) - diacritics(a[0]) || b[1] - a[1])[0]![0];
    return [...to].map((c, i) => (w[i] && w[i] !== w[i]!.toLowerCase() ? c.toUpperCase() : c)).join('');
  };
  return pages.map((p) => ({
    ...p,
    items: p.items.map((it) => {
      const tokens = it.str.match(TOKEN) ?? [];
      const words = tokens.map((t, i) => (isToken(t) ? i : -1)).filter((i) => i >= 0);
      const out = [...tokens];
      words.forEach((ti, k) => {
        const prev = k > 0 ? fold(tokens[words[k - 1]!]!) : '';
        const next = k + 1 < words.length ? fold(tokens[words[k + 1]!]!) : '';
        if (isWord(tokens[ti]!)) out[ti] = restore(tokens[ti]!, prev, next);
      });
      const str = out.join('');
      return str === it.str ? it : { ...it, str };
    }),
  }));
}
