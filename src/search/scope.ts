import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MUNICIPALITIES } from '../../ingest/metadata/municipalities.ts';
import { DocumentType } from '../model/document.ts';
import type { StoredDocument } from '../store/vector/store.ts';
import { isStopword, stem } from '../text/analyzer.ts';
import { fold } from '../text/fold.ts';

/**
 * The one scope resolver: which stored documents a question is about. Everything a question can name (municipality,
 * committee, kind of document, its year and round, words of its title, an abbreviation of its committee) is matched
 * against what each stored document says about itself. No name is known in advance, so a document added tomorrow
 * is scoped like the ones here; a word that matches no document never narrows the scope by itself.
 */

const Kinds = z.object({
  kinds: z.array(
    z.object({ types: z.array(DocumentType), words: z.array(z.string()), en: z.array(z.string()), abbr: z.array(z.string()), round: z.array(z.string()).optional() }),
  ),
});
type Kind = z.infer<typeof Kinds>['kinds'][number];

let kindsCache: Kind[] | null = null;
function kinds(): Kind[] {
  kindsCache ??= Kinds.parse(JSON.parse(readFileSync(new URL('../text/document-kinds.json', import.meta.url), 'utf8'))).kinds;
  return kindsCache;
}

/** A document the question names by kind (`VP 2024`, `ÅB 2023`, `DR2 2022`, `delår 2 2022`, `the annual report`). */
export interface DocRef {
  types: DocumentType[];
  year: number | null;
  round: number | null;
}

/** What the scope resolver knows of a stored document. */
export interface DocFacets {
  id: string;
  title: string;
  /** Folded municipality name (`orebro`), from metadata or else from the document's own id and title. */
  municipality: string | null;
  /** The committee's key: folded stems of its distinctive words (`socialnamnd ost`, `intraservic`). */
  committee: string | null;
  /** The committee's name as the document writes it. */
  committeeName: string | null;
  type: DocumentType;
  year: number | null;
  /** Round within the year (`Prognos 2` → 2), when the document says. */
  round: number | null;
  /** Pages read by OCR, to prefer a text-layer copy of the same document. */
  ocrPages: number;
  pageCount: number;
  /** Folded stems of the title and id, for ranking by how well the question names the document. */
  nameStems: Set<string>;
  /** The title's words, folded, in order: for finding the title written out in a question. */
  titleWords: string[];
}

/** The part of a stored document's metadata the resolver reads (the documents table and the search index agree on it). */
export interface DocumentNames {
  id: string;
  title: string;
  municipality: string | null;
  committee: string | null;
  documentType: DocumentType;
  year: number | null;
  period?: string | null;
  pageCount?: number;
}

const REFERENCE_MUNICIPALITIES = new Map(MUNICIPALITIES.map((m) => [fold(m), m]));

/** Words that every committee's name shares: the head nouns and the words of a municipality's own name. */
const GENERIC = new Set(['namnd', 'namnden', 'styrels', 'styrelse', 'stad', 'stat', 'kommun', 'region', 'forvaltning', 'plan', 'rapport']);

/** Folded stems of the distinctive words of a committee's name: `Nämnden för Intraservice` → `intraservic`. */
export function committeeStems(name: string): string[] {
  return tokens(name)
    .map((t) => t.lower)
    .filter((w) => w.length > 1 && !isStopword(w))
    .map((w) => fold(stem(w)))
    .filter((s) => !GENERIC.has(s));
}

export function facetsOf(m: DocumentNames, ocrPages = 0): DocFacets {
  const idWords = m.id.replace(/[-_.]+/g, ' ');
  let municipality = m.municipality ? fold(m.municipality) : null;
  if (!municipality) {
    // A document without the metadata: its id or title may still carry a municipality's name (`orebro-…`).
    const ws = tokens(`${idWords} ${m.title}`).map((t) => fold(t.lower));
    municipality = ws.find((w) => REFERENCE_MUNICIPALITIES.has(w)) ?? null;
  }
  const committeeKey = m.committee ? committeeStems(m.committee).join(' ') || null : null;
  const year = m.year ?? (Number([...m.id.matchAll(/(?<!\d)((?:19|20)\d{2})(?!\d)/g)].at(-1)?.[1]) || null);
  const round = m.period ? Number(/(\d)\s*$/.exec(m.period)?.[1]) || null : null;
  let type = m.documentType;
  if (type === 'annat') type = kindsIn(tokens(`${idWords} ${m.title}`)).at(0)?.types[0] ?? 'annat';
  const nameStems = new Set(
    tokens(`${idWords} ${m.title} ${m.committee ?? ''}`)
      .map((t) => t.lower)
      .filter((w) => w.length > 2 && !isStopword(w) && !/^\d+$/.test(w))
      .map((w) => fold(stem(w)))
      .filter((w) => !GENERIC.has(w)),
  );
  return {
    id: m.id,
    title: m.title,
    municipality,
    committee: committeeKey,
    committeeName: m.committee,
    type,
    year,
    round,
    ocrPages,
    pageCount: m.pageCount ?? 0,
    nameStems,
    titleWords: tokens(m.title).map((t) => t.folded),
  };
}

interface Token {
  raw: string;
  lower: string;
  folded: string;
  index: number;
}

/** Words with their original case (`SN:s` → `SN`): an abbreviation is told from a word by its capitals. */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.normalize('NFC').matchAll(/[\p{L}\p{N}]+(?::s)?/gu)) {
    const raw = m[0].replace(/:s$/, '');
    out.push({ raw, lower: raw.toLowerCase(), folded: fold(raw), index: out.length });
  }
  return out;
}

const isYear = (t: Token | undefined) => !!t && /^(19|20)\d{2}$/.test(t.raw);
const isRound = (t: Token | undefined) => !!t && /^[1-4]$/.test(t.raw);

/** The kinds of document named in a token list, each with where it was named and the round a digit gives it. */
function kindsIn(ts: Token[]): { types: DocumentType[]; at: number; end: number; round: number | null; abbreviation: boolean }[] {
  const out: { types: DocumentType[]; at: number; end: number; round: number | null; abbreviation: boolean }[] = [];
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    for (const k of kinds()) {
      let hit: { end: number; round: number | null; abbreviation: boolean } | null = null;
      if (k.words.some((w) => t.folded.startsWith(fold(w)))) hit = { end: i, round: null, abbreviation: false };
      for (const a of k.abbr) {
        const fa = fold(a);
        const m = new RegExp(`^${fa}([1-4])?$`).exec(t.folded);
        if (m && (m[1] || fa.length >= 2)) hit = { end: i, round: m[1] ? Number(m[1]) : null, abbreviation: true };
        else if (t.folded === fa && isRound(ts[i + 1])) hit = { end: i + 1, round: Number(ts[i + 1]!.raw), abbreviation: true };
      }
      for (const r of k.round ?? []) if (t.folded === fold(r) && isRound(ts[i + 1])) hit = { end: i + 1, round: Number(ts[i + 1]!.raw), abbreviation: true };
      for (const phrase of k.en) {
        const ws = phrase.split(/[\s-]+/);
        if (ws.every((w, j) => ts[i + j]?.folded === w || ts[i + j]?.folded === `${w}s`)) hit = { end: i + ws.length - 1, round: null, abbreviation: false };
      }
      if (!hit) continue;
      // `delår 2 2022`, `interim report 2`: a lone digit after the name is the round.
      if (hit.round === null && isRound(ts[hit.end + 1]) && !hit.abbreviation) hit = { ...hit, end: hit.end + 1, round: Number(ts[hit.end + 1]!.raw) };
      out.push({ types: k.types, at: i, ...hit });
      break;
    }
  }
  return out;
}

/** Documents named by kind, with the year written just after (`VP 2024`, `DR2 för 2022`) or before (`2023 års årsberättelse`). */
export function docRefsOf(question: string): DocRef[] {
  const ts = tokens(question);
  return kindsIn(ts).map((k) => {
    let year: number | null = null;
    for (let j = k.end + 1; j <= k.end + 2 && j < ts.length; j++) {
      if (isYear(ts[j])) {
        year = Number(ts[j]!.raw);
        break;
      }
      if (isRound(ts[j])) break;
    }
    // `the 2023 annual report`, `2023 års årsberättelse`; an abbreviation's year comes after it.
    if (year === null && !k.abbreviation) {
      const before = ts[k.at - 1]?.folded === 'ars' ? ts[k.at - 2] : ts[k.at - 1];
      if (isYear(before)) year = Number(before!.raw);
    }
    return { types: k.types, year, round: k.round };
  });
}

/**
 * The words of the question that name a kind of document (they scope it; they are no search terms). With
 * `rounds: false`, not those of a forecast round (`P2`, `forecast 2`), which name the report and its forecast column
 * alike.
 */
export function kindWords(question: string, options: { rounds?: boolean } = {}): string[] {
  const ts = tokens(question);
  return kindsIn(ts)
    .filter((k) => options.rounds !== false || k.round === null)
    .flatMap((k) => ts.slice(k.at, k.end + 1).map((t) => t.lower));
}

/**
 * Whether an upper-case token (`SN`, `KFN`, `SBN`, `PSV`) abbreviates a committee's name: its letters, in order,
 * start the name's words and the parts of its compounds (after a linking `s`, or at the head noun `nämnd`,
 * `styrelse`), and nothing is left over.
 */
export function abbreviates(abbr: string, name: string): boolean {
  const letters = fold(abbr).replace(/[^a-z]/g, '');
  if (letters.length < 2) return false;
  const ws = tokens(name.replace(/-/g, ' '))
    .map((t) => t.folded)
    .filter((w) => !['och', 'for', 'i', 'med', 'av', 'samt'].includes(w));
  if (!ws.length) return false;
  const starts = ws.map((w) => {
    const b = new Set([0]);
    const head = /(namnd|styrelse|utskott|forvaltning|revision|kontor|bolag|beredning)(en|ens|s|n|ns)?$/.exec(w);
    if (head && head.index > 0) b.add(head.index);
    for (let i = 4; i <= w.length - 4; i++) if (w[i - 1] === 's') b.add(i);
    return [...b].sort((x, y) => x - y);
  });
  const fit = (wi: number, li: number): boolean => {
    if (wi === ws.length) return li === letters.length;
    const w = ws[wi]!;
    const parts = starts[wi]!;
    // The head word (the last) gives every part (`Samhälls|planerings|nämnden` is SPN, not SN); a word before it
    // gives its initial or every part (`Programnämnd social välfärd` is PSV or PNSV).
    const whole = parts.every((s, j) => w[s] === letters[li + j]) && fit(wi + 1, li + parts.length);
    if (whole) return true;
    return wi < ws.length - 1 && w[0] === letters[li] && fit(wi + 1, li + 1);
  };
  return fit(0, 0);
}

/** What a question names, read against the stored documents. */
export interface Names {
  /** A stored municipality the question names (folded). */
  municipality: string | null;
  /** A municipality of the reference list the question names that no stored document is from. */
  otherMunicipality: string | null;
  /** Ids of the documents whose committee the question names best (all its distinctive words, or its abbreviation). */
  committeeDocs: Set<string>;
  /** The committee's key, when one committee was named. */
  committee: string | null;
  docRefs: DocRef[];
  /** Documents whose title the question writes out (the longest run of title words). */
  titleDocs: Set<string>;
  /** The question's words (lower-cased) that named the scope: they are not what a supporting passage must say. */
  words: string[];
}

export function readNames(question: string, docs: readonly DocFacets[]): Names {
  const ts = tokens(question);
  const used = new Set<number>();
  // Municipality: a stored document's own, as a word sequence, in any case, with a genitive `s`.
  let municipality: string | null = null;
  for (const m of new Set(docs.map((d) => d.municipality).filter((x): x is string => !!x))) {
    const ws = m.split(/[\s-]+/);
    for (let i = 0; i + ws.length <= ts.length; i++) {
      const ok = ws.every((w, j) => {
        const f = ts[i + j]!.folded;
        return f === w || (j === ws.length - 1 && (f === `${w}s` || f === `${w}'s`));
      });
      if (ok) {
        municipality = m;
        for (let j = 0; j < ws.length; j++) used.add(i + j);
        // `Göteborgs Stad`, `Enköpings kommun`: the word after the name is part of it.
        if (/^(stad|stads|kommun|kommuns|kommunen|region|city|municipality)$/.test(ts[i + ws.length]?.folded ?? '')) used.add(i + ws.length);
      }
    }
  }
  // A municipality no stored document is from: a capitalised word inside the sentence that is one of the 290.
  let otherMunicipality: string | null = null;
  if (!municipality) {
    for (const t of ts.slice(1)) {
      if (!/^\p{Lu}/u.test(t.raw) || /^\p{Lu}+$/u.test(t.raw)) continue;
      const f = t.folded.replace(/s$/, '');
      const name = REFERENCE_MUNICIPALITIES.get(t.folded) ?? REFERENCE_MUNICIPALITIES.get(f);
      if (name) otherMunicipality = name;
    }
  }

  // Committee: all distinctive words of a stored committee's name, or its abbreviation in capitals.
  const qStems = ts.map((t) => fold(stem(t.lower)));
  const byCommittee = new Map<string, { count: number; at: number[] }>();
  // Each committee is read once per way its name is written, however many documents it has.
  const seen = new Set<string>();
  for (const d of docs) {
    if (!d.committee || byCommittee.has(d.committee)) continue;
    const spelling = `${d.committee}\u0000${d.committeeName ?? ''}`;
    if (seen.has(spelling)) continue;
    seen.add(spelling);
    const cw = d.committee.split(' ');
    const at: number[] = [];
    let full = 0;
    let prefix = 0;
    for (const c of cw) {
      const i = qStems.findIndex((s) => s === c || (c.length >= 6 && s.startsWith(c)));
      if (i >= 0) {
        full++;
        at.push(i);
        continue;
      }
      // `soc öster`: a clipped word counts beside a whole one.
      const j = qStems.findIndex((s, k) => s.length >= 3 && c.startsWith(s) && !isStopword(ts[k]!.lower));
      if (j >= 0) {
        prefix++;
        at.push(j);
      }
    }
    if (full && full + prefix === cw.length) byCommittee.set(d.committee, { count: cw.length, at });
    else {
      const abbr = ts.findIndex((t) => /^\p{Lu}{2,5}$/u.test(t.raw) && abbreviates(t.raw, d.committeeName ?? ''));
      if (abbr >= 0) byCommittee.set(d.committee, { count: 1, at: [abbr] });
    }
  }
  const most = Math.max(0, ...[...byCommittee.values()].map((v) => v.count));
  const best = [...byCommittee].filter(([, v]) => v.count === most);
  const committees = new Set(best.map(([k]) => k));
  for (const [, v] of best) for (const i of v.at) used.add(i);
  const committeeDocs = new Set(docs.filter((d) => d.committee && committees.has(d.committee)).map((d) => d.id));

  // A document's title quoted or written out (`enligt Göteborgs Stad kommunfullmäktige`): a run of its words, two
  // or more, that is the whole title or at least three words of it.
  const byTitle = new Map<string, number>();
  for (const d of docs) {
    const tt = d.titleWords;
    if (tt.length < 2) continue;
    let best = 0;
    let at = -1;
    for (let i = 0; i < ts.length; i++) {
      for (let j = 0; j < tt.length; j++) {
        let n = 0;
        while (i + n < ts.length && j + n < tt.length && ts[i + n]!.folded === tt[j + n]) n++;
        if (n > best) [best, at] = [n, i];
      }
    }
    if (best >= 2 && (best >= 3 || best === tt.length) && !(best === tt.length && tt.every((w) => /^\d+$/.test(w) || isStopword(w)))) {
      byTitle.set(d.id, best);
      for (let k = at; k < at + best; k++) if (!/^(19|20)\d{2}$/.test(ts[k]!.raw)) used.add(k);
    }
  }
  const longest = Math.max(0, ...byTitle.values());
  const titleDocs = new Set([...byTitle].filter(([, n]) => n === longest).map(([id]) => id));

  const refs = kindsIn(ts);
  for (const k of refs) for (let i = k.at; i <= k.end; i++) if (!isRound(ts[i])) used.add(i);
  return {
    municipality,
    otherMunicipality,
    committeeDocs,
    committee: committees.size === 1 ? [...committees][0]! : null,
    docRefs: docRefsOf(question),
    titleDocs,
    words: [...used].sort((a, b) => a - b).map((i) => ts[i]!.lower),
  };
}

/** What the answer layer asks the resolver: the question, its kind and the years it names. */
export interface ScopeQuestion {
  question: string;
  /** The question with the Swedish for its English words (the glossary's), when it has them. */
  query?: string;
  kind: string;
  period: { years: number[] };
}

export interface Scope {
  /** Documents the answer may come from; an empty list means the question's scope matches no stored document. */
  documents: DocFacets[];
  /** Per document, 0–1: how well it fits the years, committee and title words the question names (ranks, never filters). */
  preference: Map<string, number>;
  /** What the question named, for a refusal (`Malmö`, `verksamhetsplan 2030`). */
  described: string;
  names: Names;
}

/**
 * The documents a question is about. A municipality filters hard, and so does a document named by kind and year; a
 * committee filters to its own documents when they exist, but in a document named by kind that another body wrote
 * (a programme committee's report covers the committees under it) the committee is a row, not a scope. Years and
 * title words only rank.
 */
export function resolveScope(q: ScopeQuestion, docs: DocFacets[], allowed?: readonly string[] | null): Scope {
  let pool = withoutWorseCopies(allowed ? docs.filter((d) => allowed.includes(d.id)) : docs);
  // An English question names a committee or a kind of document through their Swedish names too.
  const names = readNames(q.query && q.query !== q.question ? `${q.question} ${q.query.slice(q.question.length)}` : q.question, pool);
  const described = [names.municipality ?? names.otherMunicipality, names.committee, ...names.docRefs.map((r) => `${r.types[0]} ${r.year ?? ''}`.trim())]
    .filter(Boolean)
    .join(', ');
  if (names.otherMunicipality) return { documents: [], preference: new Map(), described, names };
  if (names.municipality) pool = pool.filter((d) => d.municipality === names.municipality);
  const ofCommittee = pool.filter((d) => names.committeeDocs.has(d.id));
  const titled = pool.filter((d) => names.titleDocs.has(d.id));
  const crossNamed = new Set<string>();
  const named = titled.length ? titled : pool.filter((d) => names.docRefs.some((r) => r.types.includes(d.type) && (r.year === null || d.year === r.year) && (r.round === null || d.round === null || d.round === r.round)));
  if (named.length) {
    const own = named.filter((d) => names.committeeDocs.has(d.id));
    const base = own.length ? own : named;
    // A question that names one document and the committee in general (`SN:s utfall 2022 jämfört med prognosen i
    // delår 2 2022`) compares across documents: the committee's own documents stay.
    const crossDocument = q.kind === 'calculation' || q.kind === 'trend';
    pool = crossDocument && ofCommittee.length ? [...new Set([...base, ...ofCommittee])] : base;
    if (pool.length > base.length) for (const d of base) crossNamed.add(d.id);
  } else if (ofCommittee.length) pool = ofCommittee;

  const preference = new Map<string, number>();
  const years = q.period.years;
  const titleScore = titleMatch(q.question, pool);
  for (const d of pool) {
    let p = 0.5;
    if (years.length && d.year !== null) {
      if (years.includes(d.year)) p += 0.3;
      // A report on year Y is issued in Y (interim) or Y+1 (annual report); a plan for Y+1 looks back on Y.
      else if (years.some((y) => d.year === y + 1)) p += 0.1;
      else p -= 0.2;
    }
    if (names.committeeDocs.has(d.id)) p += 0.2;
    p += 0.1 * (titleScore.get(d.id) ?? 0);
    preference.set(d.id, Math.max(0, Math.min(1, p)));
  }
  // The document the question names is where its figures are looked for first; the committee's others, kept for a
  // comparison across documents, rank below it.
  if (crossNamed.size) {
    const floor = Math.min(...[...crossNamed].map((id) => preference.get(id)!));
    for (const d of pool) if (!crossNamed.has(d.id)) preference.set(d.id, Math.max(0, Math.min(preference.get(d.id)!, floor - 0.1)));
  }
  return { documents: pool, preference, described, names };
}

/** The folded stems of a text's words that can tell documents apart: no stopwords, numbers, short or generic words. */
function distinctiveStems(text: string): Set<string> {
  return new Set(
    tokens(text)
      .map((t) => t.lower)
      .filter((w) => w.length > 2 && !isStopword(w) && !/^\d+$/.test(w))
      .map((w) => fold(stem(w)))
      .filter((w) => !GENERIC.has(w)),
  );
}

/** Per document 0–1: the question's words in its title and id, each weighted by how few documents share it. */
function titleMatch(question: string, docs: readonly DocFacets[]): Map<string, number> {
  const out = new Map<string, number>();
  if (docs.length < 2) return out;
  const qs = distinctiveStems(question);
  const scores = docs.map((d) => {
    let s = 0;
    for (const w of qs) {
      if (!d.nameStems.has(w)) continue;
      const df = docs.filter((o) => o.nameStems.has(w)).length;
      if (df < docs.length) s += Math.log(docs.length / df);
    }
    return s;
  });
  const max = Math.max(0, ...scores);
  if (max > 0) docs.forEach((d, i) => out.set(d.id, scores[i]! / max));
  return out;
}

/** Of two copies of one document (a scan and the original), keeps the one with fewer OCR'd pages. */
function withoutWorseCopies(docs: DocFacets[]): DocFacets[] {
  const key = (d: DocFacets) => `${fold(d.title)}|${d.municipality}|${d.committee}|${d.type}|${d.year}|${d.pageCount}`;
  const best = new Map<string, DocFacets>();
  for (const d of docs) {
    const k = key(d);
    const cur = best.get(k);
    if (!cur || d.ocrPages < cur.ocrPages || (d.ocrPages === cur.ocrPages && d.id.length < cur.id.length)) best.set(k, d);
  }
  return docs.filter((d) => best.get(key(d)) === d);
}

export interface DocumentScope {
  /** Per document id, 0–1: how well the question's words name the document (1 for the best match). */
  weights: Map<string, number>;
  /** The question's words that named some document. */
  matched: string[];
  /**
   * True when only a year matched: "2020–2022" says which year a figure is from, not which document holds it
   * (five-year overviews of those years sit in later documents), so it is weaker evidence than a name.
   */
  yearOnly: boolean;
}

/**
 * The facets of a document list, computed once per list: a search caches its list of stored documents until they
 * change, and an archive's thousands of documents are not stemmed again for every question.
 */
const storedFacets = new WeakMap<readonly StoredDocument[], DocFacets[]>();
function facetsOfStored(documents: readonly StoredDocument[]): DocFacets[] {
  let docs = storedFacets.get(documents);
  if (!docs) {
    docs = documents.map((d) => facetsOf({ ...d, id: d.documentId }));
    storedFacets.set(documents, docs);
  }
  return docs;
}

/**
 * The scope as search weights: the same names as `resolveScope` reads, each weighted by how few documents it picks
 * out (a name every document shares counts nothing), plus the question's latest year. `translations` are the
 * glossary's Swedish terms for an English question's words (`operational plan` → `verksamhetsplan`).
 */
export function detectScope(query: string, documents: readonly StoredDocument[], translations: readonly string[] = []): DocumentScope {
  const weights = new Map<string, number>();
  if (documents.length < 2) return { weights, matched: [], yearOnly: false };
  const docs = facetsOfStored(documents);
  const text = `${query} ${translations.join(' ')}`;
  const names = readNames(text, docs);
  const pick: [string, boolean[]][] = [];
  if (names.municipality) pick.push([names.municipality, docs.map((d) => d.municipality === names.municipality)]);
  if (names.committeeDocs.size) pick.push([names.committee ?? 'committee', docs.map((d) => names.committeeDocs.has(d.id))]);
  if (names.titleDocs.size) pick.push(['title', docs.map((d) => names.titleDocs.has(d.id))]);
  for (const r of names.docRefs) pick.push([r.types[0]!, docs.map((d) => r.types.includes(d.type) && (r.year === null || d.year === r.year))]);
  // Words of the id and title beyond the structured names (`soc öster` in a file name without metadata).
  const qs = distinctiveStems(query);
  for (const w of qs) pick.push([w, docs.map((d) => [...d.nameStems].some((n) => n === w || (w.length >= 3 && n.length >= 5 && n.startsWith(w))))]);
  const matched: string[] = [];
  const scores = docs.map(() => 0);
  const add = (name: string, hits: boolean[]) => {
    const df = hits.filter(Boolean).length;
    if (!df || df === docs.length) return false;
    matched.push(name);
    const idf = Math.log(docs.length / df);
    hits.forEach((h, i) => {
      if (h) scores[i]! += idf;
    });
    return true;
  };
  for (const [name, hits] of pick) add(name, hits);
  const named = matched.length > 0;
  // A question's latest year is the year it is about ("budget 2024 jmf med 2023" is answered by the 2024 plan,
  // "2021–2023" by the 2023 report): a document of that year matches; earlier years are only comparisons.
  const years = tokens(query).filter(isYear).map((t) => Number(t.raw));
  if (years.length) {
    const latest = Math.max(...years);
    add(String(latest), docs.map((d) => d.year === latest));
  }
  const max = Math.max(0, ...scores);
  if (max > 0) docs.forEach((d, i) => weights.set(d.id, scores[i]! / max));
  return { weights, matched, yearOnly: !named && matched.length > 0 };
}
