// Renames a parsed document's municipality, committee and title everywhere the document model holds text: its
// metadata, id, section headings and text, table captions, headers and cells, and its figures' labels. The store,
// search and answers then only see the new names, as if the document had been written by another municipality.
import type { ParsedDocument } from '../../src/model/document.ts';

/** One name and its replacement, both in the base form (`Örebro`, `Socialnämnd`); inflections follow the base. An
 * abbreviation (`SN` → `VON`) is replaced only as a whole word in capitals. */
export interface Rename {
  from: string;
  to: string;
  abbreviation?: boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** ASCII spelling, as in file names and web addresses (`Vård- och omsorgsnämnd` → `vard-och-omsorgsnamnd`). */
export const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function caseLike(model: string, word: string): string {
  if (model === model.toUpperCase() && model !== model.toLowerCase()) return word.toUpperCase();
  if (model[0] === model[0]!.toLowerCase()) return word[0]!.toLowerCase() + word.slice(1);
  return word[0]!.toUpperCase() + word.slice(1);
}

/** A function replacing every rename in a text, keeping the case of what it replaces and any inflection after it. */
export function renamer(renames: readonly Rename[]): (text: string) => string {
  const rules = renames.flatMap(({ from, to, abbreviation }) =>
    abbreviation
      ? [{ re: new RegExp(`(?<!\\p{L})${escape(from)}(?!\\p{L})`, 'gu'), to, plain: true }]
      : [
          // `Örebros` → `Västerås` (a name ending in s takes no genitive s), `Socialnämndens` → `Vård- och omsorgsnämndens`.
          { re: new RegExp(`(?<!\\p{L})${escape(from)}(s?)`, 'giu'), to },
          // File names and web addresses: `orebro-socialnamnden-…`, `orebro.se`.
          { re: new RegExp(`(?<![a-z])${escape(slug(from))}`, 'g'), to: slug(to), plain: true },
        ],
  );
  return (text) => {
    let out = text;
    for (const r of rules) {
      out = out.replace(r.re, (m: string, s?: string) => {
        if ('plain' in r) return r.to;
        const base = s ? m.slice(0, -1) : m;
        const genitive = s ? (/[sxz]$/i.test(r.to) ? '' : base === base.toUpperCase() ? 'S' : 's') : '';
        return caseLike(base, r.to) + genitive;
      });
    }
    return out;
  };
}

/** The document with every name renamed, under the id its renamed file name would give. */
export function renameDocument(doc: ParsedDocument, renames: readonly Rename[]): ParsedDocument {
  const r = renamer(renames);
  const id = r(doc.document.id);
  return {
    document: {
      ...doc.document,
      id,
      fileName: `${id}.pdf`,
      title: r(doc.document.title),
      municipality: doc.document.municipality && r(doc.document.municipality),
      committee: doc.document.committee && r(doc.document.committee),
    },
    pages: doc.pages.map((p) => ({ ...p, problem: p.problem && r(p.problem) })),
    sections: doc.sections.map((s) => ({ ...s, heading: r(s.heading), path: s.path.map(r), text: r(s.text) })),
    tables: doc.tables.map((t) => ({ ...t, caption: r(t.caption), header: t.header.map((h) => h.map(r)), rows: t.rows.map((row) => row.map(r)), unit: t.unit && r(t.unit) })),
    figures: doc.figures.map((f) => ({ ...f, documentId: id, rowLabel: f.rowLabel.map(r), columnLabel: f.columnLabel.map(r), raw: r(f.raw) })),
  };
}
