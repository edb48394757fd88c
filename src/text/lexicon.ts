import { fold } from './fold.ts';

/**
 * The words the stored documents use, folded. English questions meet Swedish documents through it: an English word
 * that the documents also use (`museum`, `digital`, a name) is searched as it is; one that differs only in its
 * ending (`implementing` ↔ `implementering`, `incidents` ↔ `incidenter`, `infrastructure` ↔ `infrastruktur`) meets
 * its cognate by shared character trigrams; any other English word matches nothing and is not asked of a passage.
 */
/** The folded words of texts, two letters or more: what a document adds to the lexicon. */
export function lexiconWords(texts: Iterable<string>): Set<string> {
  const all = new Set<string>();
  for (const t of texts) for (const w of fold(t).match(/[a-z]{2,}/g) ?? []) all.add(w);
  return all;
}

/** The lexicon of some texts. */
export function lexiconOf(texts: Iterable<string>): Lexicon {
  return new Lexicon(lexiconWords(texts));
}

export class Lexicon {
  private readonly sorted: string[];
  private readonly byHead = new Map<string, string[]>();

  /** From the folded words themselves (the store keeps them: src/store/documents/lexicon.ts). */
  constructor(words: Iterable<string>) {
    this.sorted = [...new Set(words)].sort();
    for (const w of this.sorted) {
      if (w.length < 5) continue;
      const head = w.slice(0, 4);
      const list = this.byHead.get(head);
      if (list) list.push(w);
      else this.byHead.set(head, [w]);
    }
  }

  /** Whether the documents use the word, or a longer word it begins (an inflection or compound of it). */
  has(word: string): boolean {
    const w = fold(word);
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]! < w) lo = mid + 1;
      else hi = mid;
    }
    const hit = this.sorted[lo];
    return hit !== undefined && (hit === w || (w.length >= 4 && hit.startsWith(w)));
  }

  /** The documents' words that look like the same word in another language: same first four letters, trigrams alike. */
  cognates(word: string, max = 3): string[] {
    const w = fold(word).replace(/(ing|ed|es|s|ly)$/, '');
    if (w.length < 6) return [];
    const mine = trigrams(w);
    const scored: [string, number][] = [];
    for (const v of this.byHead.get(w.slice(0, 4)) ?? []) {
      const theirs = trigrams(v.slice(0, w.length + 2));
      let shared = 0;
      for (const g of mine) if (theirs.has(g)) shared++;
      const dice = (2 * shared) / (mine.size + theirs.size);
      if (dice >= 0.7) scored.push([v, dice]);
    }
    return scored
      .sort((a, b) => b[1] - a[1] || a[0].length - b[0].length)
      .slice(0, max)
      .map(([v]) => v);
  }
}

function trigrams(w: string): Set<string> {
  const out = new Set<string>();
  const p = `_${w}`;
  for (let i = 0; i + 3 <= p.length; i++) out.add(p.slice(i, i + 3));
  return out;
}
