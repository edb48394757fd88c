/** Words after which a line-final hyphen is a real one, shortening a compound (`vård- och omsorg`). */
const CONJUNCTIONS = /^(och|eller|samt|respektive|resp\.?|till|som|men|liksom|and|or)\b/iu;

/** Joins the lines of one paragraph with spaces, rejoining words hyphenated at the line end (`budget-` + `ramen` →
 * `budgetramen`) but keeping real hyphens (`vård-` + `och omsorg`, `EU-` + `medel`, `covid-` + `19`). */
export function joinWrapped(lines: readonly string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (!line) continue;
    if (!out) {
      out = line;
      continue;
    }
    out = out.replace(/\u00ad$/u, '-');
    const hyphen = /(\S*?)(\p{L})-$/u.exec(out);
    if (hyphen) {
      const word = hyphen[1]! + hyphen[2]!;
      const breakInWord =
        /^\p{Ll}/u.test(line) && !CONJUNCTIONS.test(line) && /\p{Ll}$/u.test(word) && word.replace(/^\P{L}+/u, '').length >= 2;
      out = breakInWord ? out.slice(0, -1) + line : out + line.replace(/^/, CONJUNCTIONS.test(line) ? ' ' : '');
      continue;
    }
    out += ` ${line}`;
  }
  return out.replace(/\u00ad/gu, '');
}
