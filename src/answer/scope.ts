import type { DocumentMeta, DocumentType } from '../model/document.ts';
import type { Route } from './router.ts';
import { fold } from './text.ts';

/** What the answer layer knows of a stored document, with facets read from its id and title where metadata is empty. */
export interface DocFacets {
  id: string;
  title: string;
  municipality: string | null;
  /** Folded committee key (`socialnamnd`, `socialnamnd oster`). */
  committee: string | null;
  type: DocumentType;
  year: number | null;
  /** Pages read by OCR, to prefer a text-layer copy of the same document. */
  ocrPages: number;
  meta: DocumentMeta;
}

const TYPE_WORDS: [RegExp, DocumentType][] = [
  [/verksamhetsplan/, 'verksamhetsplan'],
  [/namndplan/, 'nämndplan'],
  [/delarsrapport|delar/, 'delårsrapport'],
  [/arsberattelse/, 'årsberättelse'],
  [/arsredovisning/, 'årsredovisning'],
  [/arsbokslut/, 'årsbokslut'],
  [/budget/, 'budget'],
];

const MUNICIPALITIES = ['orebro', 'enkoping', 'uppsala', 'vasteras', 'stockholm', 'goteborg', 'malmo', 'linkoping'];

export function committeeKey(name: string): string {
  return fold(name)
    .replace(/[^a-z ]+/g, ' ')
    .replace(/\bsocialnamnden\b/g, 'socialnamnd')
    .replace(/\bprogramnamnden\b/g, 'programnamnd')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Facets of a document: its metadata, filled in from the file name and title where ingestion left them empty. */
export function facetsOf(meta: DocumentMeta, ocrPages = 0): DocFacets {
  const idText = fold(`${meta.id.replace(/[-_]/g, ' ')} ${meta.title}`);
  const municipality = meta.municipality ? fold(meta.municipality) : (MUNICIPALITIES.find((m) => idText.includes(m)) ?? null);
  let committee = meta.committee ? committeeKey(meta.committee) : null;
  if (!committee) {
    if (/socialnamnd oster/.test(idText)) committee = 'socialnamnd oster';
    else if (/socialnamnd vaster/.test(idText)) committee = 'socialnamnd vaster';
    else if (/programnamnd social valfard/.test(idText)) committee = 'programnamnd social valfard';
    else if (/socialnamnden?\b/.test(idText)) committee = 'socialnamnd';
  }
  const type = meta.documentType !== 'annat' ? meta.documentType : (TYPE_WORDS.find(([re]) => re.test(idText))?.[1] ?? 'annat');
  const year = meta.year ?? (Number([...meta.id.matchAll(/(?<!\d)((?:19|20)\d{2})(?!\d)/g)].at(-1)?.[1]) || null);
  return { id: meta.id, title: meta.title, municipality, committee, type, year, ocrPages, meta };
}

export interface Scope {
  /** Documents the answer may come from; an empty list means the question's scope matches no stored document. */
  documents: DocFacets[];
  /** Per document, 0–1: how well it fits the years and committee the question names (for ranking, not filtering). */
  preference: Map<string, number>;
  /** The scope named documents explicitly (`VP 2024`, `Enköping`): a figure from outside it is never an answer. */
  explicit: boolean;
  /** What the question named that no stored document has, for the refusal (`Socialnämnd öster 2016 utfall`). */
  described: string;
}

/**
 * The documents a question is about. A municipality or a named document (`VP 2024`, `DR2 2022`) filters hard: a figure
 * from elsewhere must never be passed off as the answer. A committee filters hard too, except that the programme
 * committee's reports also cover the committees under it. Years only rank.
 */
export function resolveScope(route: Route, docs: DocFacets[], allowed?: readonly string[] | null): Scope {
  let pool = allowed ? docs.filter((d) => allowed.includes(d.id)) : docs;
  pool = withoutWorseCopies(pool);
  const { municipality, committee, docRefs } = route.scope;
  let explicit = false;
  if (municipality) {
    pool = pool.filter((d) => d.municipality === municipality);
    explicit = true;
  }
  let named: DocFacets[] = [];
  for (const ref of docRefs) {
    const hits = pool.filter(
      (d) =>
        ref.types.includes(d.type) &&
        (ref.year === null || d.year === ref.year) &&
        (committee === null || ref.types.includes('delårsrapport') || d.committee === committee),
    );
    named.push(...hits);
  }
  named = [...new Set(named)];
  if (docRefs.length && named.length) {
    explicit = true;
    // A question that names one document and also the committee in general (`SN:s utfall 2022 jämfört med prognosen i
    // delår 2 2022`) compares across documents: keep the committee's own documents too.
    const crossDocument = route.kind === 'calculation' || route.kind === 'trend';
    if (crossDocument && committee) pool = [...new Set([...named, ...pool.filter((d) => d.committee === committee)])];
    else pool = named;
  } else if (committee) {
    const own = pool.filter((d) => d.committee === committee);
    if (own.length) {
      pool = own;
      explicit = explicit || committee !== 'socialnamnd';
    } else if (committee !== 'socialnamnd') {
      pool = [];
      explicit = true;
    }
  }
  const preference = new Map<string, number>();
  const years = route.period.years;
  for (const d of pool) {
    let p = 0.5;
    if (years.length && d.year !== null) {
      if (years.includes(d.year)) p += 0.3;
      // A report on year Y is issued in Y (interim) or Y+1 (annual report); a plan for Y+1 looks back on Y.
      else if (years.some((y) => d.year === y + 1)) p += 0.1;
      else p -= 0.2;
    }
    if (committee && d.committee === committee) p += 0.2;
    preference.set(d.id, Math.max(0, Math.min(1, p)));
  }
  const described = [municipality, committee, ...docRefs.map((r) => `${r.types[0]} ${r.year ?? ''}`.trim())].filter(Boolean).join(', ');
  return { documents: pool, preference, explicit, described };
}

/** Of two copies of one document (a scan and the original), keeps the one with fewer OCR'd pages. */
function withoutWorseCopies(docs: DocFacets[]): DocFacets[] {
  const key = (d: DocFacets) => `${fold(d.title)}|${d.municipality}|${d.committee}|${d.type}|${d.year}|${d.meta.pageCount}`;
  const best = new Map<string, DocFacets>();
  for (const d of docs) {
    const k = key(d);
    const cur = best.get(k);
    if (!cur || d.ocrPages < cur.ocrPages || (d.ocrPages === cur.ocrPages && d.id.length < cur.id.length)) best.set(k, d);
  }
  return docs.filter((d) => best.get(key(d)) === d);
}
