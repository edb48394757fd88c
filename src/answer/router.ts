import type { MeasureKind } from '../model/calc.ts';
import { isStopword } from '../text/analyzer.ts';
import { glossaryMatches, isEnglishStopword, loadGlossary, type Glossary } from '../text/glossary.ts';
import { loadAbbreviations } from '../search/query.ts';
import { docRefsOf, kindWords, type DocRef } from '../search/scope.ts';
import type { Lexicon } from '../text/lexicon.ts';
import { detectLang, type Lang } from './lang.ts';
import { QUOTED, fold, words } from './text.ts';

/** What the question asks for; `none` is decided later, when retrieval finds no support. */
export type QuestionKind = 'lookup' | 'calculation' | 'trend' | 'summary';

/** A measure the question names, in the words of the documents' column headers and prose. */
export type Measure =
  | 'budget'
  | 'utfall'
  | 'prognos'
  | 'avvikelse'
  | 'underskott'
  | 'överskott'
  | 'andel'
  | 'förbrukning'
  | 'kostnad'
  | 'målvärde'
  | 'förändring';

export type CalcOp = 'deficits' | 'sum' | 'change' | 'difference' | 'share' | 'breakdown';

/** What kind of value a correct answer holds, so that a passage without one is not taken as support. */
export type Expect = 'amount' | 'count' | 'percent' | 'date' | 'year' | 'any';

export interface PeriodSlots {
  /** Every year the question names, in order of appearance. */
  years: number[];
  /** A span of years (`2019–2023`, `from 2022 to 2023`). */
  range: [number, number] | null;
  /** Forecast round (`P2`, `prognos 2`, `forecast 2`, `delår 2`). */
  round: number | null;
  /** Part of the year (`jan–aug`), or `helår` for a full-year figure. */
  span: string | null;
  /**
   * Every year named is a document's own (`enligt DR 2026`, `in the 2022 annual report`): it names the document, so a
   * figure of another of its columns (`Resultat period`, `Bokslut fg år`) may still be the one asked.
   */
  documentYearOnly?: boolean;
}

/** What the question names of its documents; municipality and committee are filled in against the store (`withNames`). */
export interface ScopeSlots {
  /** Folded municipality name of a stored document. */
  municipality: string | null;
  /** Key of a stored committee the question names (`socialnamnd ost`): folded stems of its distinctive words. */
  committee: string | null;
  docRefs: DocRef[];
}

export interface Route {
  question: string;
  lang: Lang;
  kind: QuestionKind;
  measures: Measure[];
  /** The calc engine's column kinds for the measures (`underskott` reads an `avvikelse` column). */
  columnMeasures: MeasureKind[];
  op: CalcOp | null;
  period: PeriodSlots;
  scope: ScopeSlots;
  expects: Expect;
  /** The unit the question asks the answer in (`mnkr`, `tkr`, `%`), when it says. */
  units: string[];
  /** Folded content words that a supporting passage must contain (scope, question and measure words removed). */
  terms: string[];
  /** Swedish translations of an English question's terms (from the glossary), folded. */
  translated: string[];
  /** The text to retrieve with: the question, plus glossary terms for English. */
  query: string;
  /** The row or area label the question names (`Hemvårdsnämnd`, `Myndighet`), best guess: the content words. */
  area: string;
  /** Named parts of a breakdown (`barn, unga och vuxna`). */
  parts: string[];
}

let glossary: Glossary | null = null;
const theGlossary = () => (glossary ??= loadGlossary());

const MEASURES: [Measure, RegExp][] = [
  ['underskott', /underskott|deficit|negativa? avvikelse|sämre|worse|overspen|over budget|över budget|överskr|shortfall/],
  ['överskott', /överskott|surplus|positiva? avvikelse|underspen|under budget/],
  ['avvikelse', /avvikelse|avvik|deviation|variance|budget\s*[-–]\s*utfall/],
  ['förbrukning', /förbrukning|förbrukat|consumption|consumed/],
  // `räknar med`, `beräknas`, `förväntas`: what a report expects for the year is its forecast.
  ['prognos', /prognos|forecast|\bp[12]\b|bedöm|helårsprognos|räknar(?:\s+[a-zåäöé]+){0,2}\s+med\b|beräknas|förväntas|\bexpect(?:s|ed)?\b/],
  ['utfall', /utfall|bokslut|outcome|actual|\bresult(?!at)|redovisat/],
  ['budget', /budget|\bram\b|budgeteras|budgeted|anslag/],
  ['andel', /andel|\bshare\b|proportion|percentage of|hur stor del/],
  ['kostnad', /kostnad|kostar|kostade|\bcosts?\b|expens/],
  ['målvärde', /målvärde|\btarget value/],
  // Word-initial: `löneökning` names a subject (a pay rise), not a change between two figures.
  ['förändring', /(?<!\p{L})(förändring|ökning|ökade|ökar|minskning|minskade|increase|decrease|grow|change)/u],
];

const COLUMN_MEASURE: Partial<Record<Measure, MeasureKind[]>> = {
  budget: ['budget'],
  utfall: ['utfall'],
  prognos: ['prognos'],
  avvikelse: ['avvikelse'],
  underskott: ['avvikelse'],
  överskott: ['avvikelse'],
  förbrukning: ['förbrukning'],
  målvärde: ['målvärde'],
  förändring: ['förändring'],
};

// Words that shape the question or name the scope, not its subject: never required of a supporting passage.
const NON_CONTENT = new Set(
  (
    'hur vad vilken vilket vilka när var varför mycket många stor stort stora sammanfatta sammanfattning kort punkter enligt jmf jämfört jämfört hos ' +
    'blev blir fick får låg ligger kom finns står gäller ska skall kan per inför under mellan från till sammanlagt totalt summa summan ' +
    'hela nämnden nämndens nämnd kommunen kommunens kommun ' +
    'vp åb dr dr2 p1 p2 delår delårsrapport årsberättelse verksamhetsplan nämndplan budget utfall bokslut prognos avvikelse budgetavvikelse ' +
    'underskott överskott andel procent mnkr tkr kr i in och eller samt det den de detta denna dessa år års året åren helår helåret ' +
    'what how which when where who why many much is are was were does did do the a an of in for and to by from with has have its it quick give me ' +
    'show list per between compared than total sum summary summarize summarise overview financial forecast outcome budget deviation deficit surplus ' +
    'year years full committee municipality report plan percent percentage share mnkr tkr social services welfare programme area document documents ' +
    'utvecklats utveckling utvecklat trend över tid over time ökade ökar ökat ökning minskade minskar minskning större mindre sämre bättre increase decrease grow growth change ' +
    'gav ger ge gett ges gavs har hade haft visar visade visat anger angav angett finns fanns funnits redovisar redovisade redovisat räknar räknade räknat förväntas förväntades expect expects expected beräknas beräknades landar landade gör gjorde gjort sker skedde går gick ' +
    // Signs and forms of the measures (`negativ avvikelse`, `helårsprognosen`) name the measure, not the subject.
    'negativ negativa negativt positiv positiva positivt helårsprognos helårsprognosen overspend overspending shortfall actual actuals ' +
    'january february march may june july august october ' +
    'jan feb mar apr maj jun jul aug sep okt nov dec januari februari april juni juli augusti september oktober november december tidigare tidigt senare nu idag dela upp uppdelat vilken grupp står mest minst largest smallest most least split break down förändring utveckling'
  ).split(/\s+/),
);

const NON_CONTENT_FOLDED = new Set([...NON_CONTENT].map(fold));


/**
 * Reads kind and slots from the words of a question. Needs no documents; with the documents' lexicon, an English
 * question's words that no glossary entry covers are kept when the documents use them, met through their cognates
 * (`implementing` → `implementering`) when they look alike, and otherwise not asked of a passage.
 */
export function route(question: string, lexicon?: Lexicon): Route {
  const lang = detectLang(question);
  const q = question.normalize('NFC');
  const lower = q.toLowerCase().replace(/[–—−]/g, '-');

  // The words naming a document's kind (`annual report`, `årsbokslutet`) scope the question: they are no search
  // terms, and they name no measure (`i årsbokslutet 2025` asks no closing-accounts column).
  const kindSpans = new Set(kindWords(q, { rounds: false }));
  const unkinded = q.replace(/[\p{L}\p{N}]+/gu, (w) => (kindSpans.has(w.toLowerCase()) ? ' ' : w));
  const translatedRaw = lang === 'en' ? contentTranslations(englishBase(unkinded, theGlossary())).filter((t) => !docRefsOf(t).length) : [];
  const measureText = `${unkinded.toLowerCase().replace(/[–—−]/g, '-')} ${translatedRaw.join(' ')}`;
  const measures = MEASURES.filter(([, re]) => re.test(measureText)).map(([m]) => m);
  const columnMeasures = [...new Set(measures.flatMap((m) => COLUMN_MEASURE[m] ?? []))];

  // A quoted name (a document's title, a table's caption) holds no period asked: `enligt "Nämndplan med budget 2024
  // och plan för 2025–2026"` names a document; its years say which one, as a document's year does.
  const quoted = [...lower.matchAll(QUOTED)].map((m) => m[1]!).join(' ');
  let period = readPeriod(lower.replace(QUOTED, ' '));
  if (!period.years.length && quoted) {
    const named = readPeriod(quoted);
    if (named.years.length) period = { ...named, range: null, documentYearOnly: true };
  }
  const scope: ScopeSlots = { municipality: null, committee: null, docRefs: docRefsOf(q) };
  // `budgeten för 2025 enligt VP 2024`: the document's year names the document, not the period asked.
  const docYears = scope.docRefs.map((r) => r.year).filter((y): y is number => y !== null);
  // One mention of the year per document named; the same year written again is asked (`budget 2024 enligt NP 2024`).
  const asked = [...period.years];
  for (const y of docYears) {
    const at = asked.lastIndexOf(y);
    if (at >= 0) asked.splice(at, 1);
  }
  if (asked.length && asked.length < period.years.length) period.years = [...new Set(asked)];
  else if (!asked.length && period.years.length && docYears.length) period.documentYearOnly = true;
  const op = readOp(lower);
  const kind = readKind(lower, period, op);
  const units = readUnits(lower);
  const expects = readExpect(lower, measures, units);
  const parts = op === 'breakdown' || /(?<![\p{L}\p{N}])på(?![\p{L}\p{N}]).*(?<![\p{L}\p{N}])och(?![\p{L}\p{N}])/u.test(lower) ? readParts(lower) : [];

  const named = new Set(kindWords(q));
  // A definite noun set before a name (`tjänsteområdet Digital infrastruktur`, `projektet Löparbana`) says what kind
  // of thing the name is; the name is the subject, and a table labels its row by the name alone.
  for (const m of q.matchAll(/(?<=\p{Ll}\s)(\p{Ll}{4,}(?:et|en))\s+\p{Lu}\p{Ll}/gu)) named.add(m[1]!);
  let termWords = contentWords(q, expects === 'date' || expects === 'year').filter((w) => !named.has(w.toLowerCase()));
  // A question of a label and a year alone (`Timavlönade 2021`): a participle is then the subject, not a verb.
  if (!termWords.length) termWords = contentWords(q, true).filter((w) => !named.has(w.toLowerCase()));
  const terms = [...new Set(termWords.map(termOf).filter((t) => t.length >= 3))];
  const translated = [...new Set(translatedRaw.flatMap((t) => words(t)).filter((w) => !NON_CONTENT_FOLDED.has(w) && !isStopword(w)).map(lightStem))];
  const english = lang === 'en' ? englishTerms(q, termWords, orTerms(englishBase(q, theGlossary()), translated), lexicon) : null;
  const query = lang === 'en' ? `${q} ${translatedRaw.join(' ')} ${english!.cognates.join(' ')}`.trim() : q;
  return {
    question: q,
    lang,
    kind,
    measures,
    columnMeasures,
    op: kind === 'calculation' ? op ?? 'sum' : op,
    period,
    scope,
    expects,
    units,
    terms: english ? english.terms : terms,
    translated,
    query,
    area: termWords.join(' '),
    parts,
  };
}

function readKind(lower: string, period: PeriodSlots, op: CalcOp | null): QuestionKind {
  if (/\b(sammanfatta|sammanfattning|summera|kort om|i korthet|översikt|summary|summari[sz]e|overview|brief on)\b/.test(lower)) return 'summary';
  const span = period.range ? period.range[1] - period.range[0] : 0;
  const trendWords = /utvecklats|utvecklat sig|utveckling(?!s?arbete)|\btrend|över tid|over time|over the years|genom åren|år för år/.test(lower);
  if (trendWords && !(op && op !== 'change')) return 'trend';
  if (span >= 2 && !op) return 'trend';
  // One subject in three years or more (`X 2020, 2021 och 2022`) is a series.
  if (!op && new Set(period.years).size >= 3) return 'trend';
  if (op) return 'calculation';
  if (trendWords) return 'trend';
  return 'lookup';
}

function readOp(lower: string): CalcOp | null {
  if (/dela upp|fördela|uppdelat|per målgrupp|break ?down|split .* (into|by)/.test(lower)) return 'breakdown';
  // `Vilka … gick med underskott`, `vilka … har kostnader över budget`, `which … overspent`: the rows of a deviation column.
  if (/(?<![\p{L}])(?:vilka|vilken|which)(?![\p{L}]).*(?<![\p{L}])(?:underskott|överskott|över budget|överskr\p{L}*|negativa? (?:[\p{L}\d()-]+ ){0,3}?(?:avvikelse|återstår|budget-utfall)|deficits?|surplus|over budget|overspen\p{L}*|exceed\p{L}*|negative (?:[\p{L}\d()-]+ ){0,3}?(?:deviation|remaining))|underskott per|deficits? (?:per|by)/u.test(lower)) return 'deficits';
  if (/hur (mycket|stor)( \p{L}+)? (ökade|ökar|ökat|minskade|minskar|minskat|växer|växte|större|mindre|högre|lägre|ändras|ändrades|ändrats|förändras|förändrades|förändrats)|by how much|how much (did|does|has|will)? ?.*\b(grow|increase|rise|decrease|fall|change)|how much (larger|bigger|higher|greater|smaller|lower|more|less)|(?<![\p{L}])(?:ökningen|minskningen)(?![\p{L}])|förändringen/u.test(lower))
    return 'change';
  // Two years set against each other (`2024 jämfört med 2023`, `2024 compared with 2023`): a change between them.
  if (/(19|20)\d{2}\b.*\b(jämfört med|jämför med|jmf med|mot|compared (to|with)|versus|vs\.?)\s+(\p{L}+\s+)?(19|20)\d{2}/u.test(lower)) return 'change';
  if (/hur mycket (sämre|bättre)|skillnad|difference|jämfört med prognos|compared (to|with) the forecast|mellan .* och .* (skiljer)/.test(lower)) return 'difference';
  if (/\bandel\b|\bshare of\b|hur stor del|what (share|proportion|percentage) of/.test(lower)) return 'share';
  if (/sammanlagt|summan|totalt? (?:för|av)(?![\p{L}])|i summa|tillsammans|\btotal of\b|\bin total\b|\bsum of\b|\baltogether\b|\bcombined\b/u.test(lower)) return 'sum';
  return null;
}

function readPeriod(lower: string): PeriodSlots {
  const years = [...lower.matchAll(/(?<![\d,.])((?:19|20)\d{2})(?!\d|,\d)/g)].map((m) => Number(m[1]));
  let range: [number, number] | null = null;
  const r = /((?:19|20)\d{2})\s*(?:-|–|till|to|until)\s*((?:19|20)\d{2})/.exec(lower) ?? /(?:från|from)\s+(?:\p{L}+\s+){0,2}((?:19|20)\d{2}).*?(?:till|to|jämfört med|än)\s+(?:\p{L}+\s+){0,2}((?:19|20)\d{2})/u.exec(lower);
  if (r) range = [Number(r[1]), Number(r[2])];
  const roundM = /\bp\s?([12])\b|prognos\s?([12])\b|forecast\s?([12])\b|\bdr\s?([12])\b|delår(?:srapport)?\s?([12])\b|delårs?rapport\s?([12])\b|interim report\s?([12])\b/.exec(lower);
  const round = roundM ? Number(roundM.slice(1).find(Boolean)) : null;
  let span: string | null = null;
  const sm = /\b(jan)\w*\.?\s*-\s*(feb|mar|apr|maj|may|jun|jul|aug|sep|okt|oct|nov|dec)\w*/.exec(lower);
  if (sm) span = `jan–${sm[2]!.replace('may', 'maj').replace('oct', 'okt')}`;
  else if (/helår|full[- ]year|whole year|hela året|helåret|hela (?:19|20)\d\d|all of (?:19|20)\d\d/.test(lower)) span = 'helår';
  return { years, range, round, span };
}

function readUnits(lower: string): string[] {
  const out: string[] = [];
  if (/\bmnkr\b|\bmkr\b|miljoner/.test(lower)) out.push('mnkr');
  if (/\btkr\b|tusen kronor/.test(lower)) out.push('tkr');
  if (/%|procent|percent|\bpct\b/.test(lower)) out.push('%');
  return out;
}

function readExpect(lower: string, measures: Measure[], units: string[]): Expect {
  if (/^\s*(när|when)\b|vilket datum|what date|\bwhen was\b|\bwhen did\b/.test(lower)) return /senast|last/.test(lower) ? 'year' : 'date';
  if (/vilket år|which year|what year|senast|last time/.test(lower)) return 'year';
  // A pay rise or an index is a rate unless an amount is asked (`löneökning i mnkr`).
  if (/löneökning|lönerevision|uppräkning|salary increase|pay rise|wage increase/.test(lower) && !units.some((u) => u !== '%')) return 'percent';
  if (units.includes('%') || measures.includes('andel') || measures.includes('förbrukning') || /sjukfrånvaro|sick leave|procentuell|percentage/.test(lower)) return 'percent';
  if (/hur många|how many|antal|number of|volym/.test(lower)) return 'count';
  if (/budget|utfall|bokslut|prognos|avvikelse|underskott|överskott|kostnad|kostar|kostade|intäkt|mnkr|tkr|kronor|cost|revenue|income|deficit|surplus|forecast|outcome|deviation|statsbidrag|grant|hur mycket|how much/.test(lower))
    return 'amount';
  if (/hur (stor|mycket|lång)|how (large|big|much|long)/.test(lower)) return 'count';
  return 'any';
}

function readParts(lower: string): string[] {
  const m = /(?<![\p{L}\p{N}])på\s+([\p{L} ,]+?\s+(?:och|and)\s+\p{L}+)/u.exec(lower) ?? /\b(?:into|by)\s+([\p{L} ,]+?\s+and\s+\p{L}+)/u.exec(lower);
  if (!m) return [];
  return m[1]!
    .split(/,|\s+och\s+|\s+and\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const EN_STOP = new Set(
  'about after all also any at be been before being both but can could each every few get got had having her here him his how into just like made make more most must my no not now off on once only or other our out over own same she should so some such that their them then there these they this those through too under up very we were what when where which while who whom why will would you your whose done kept listed much big large small'.split(' '),
);

/**
 * The glossary's Swedish for an English question, leaving out what words of the question's frame translate to (`did
 * the committee report` is no question about a `rapport`); a phrase with a content word (`annual report`) stays.
 */
function contentTranslations(text: string): string[] {
  const seq = words(text);
  const out: string[] = [];
  for (const m of glossaryMatches(seq, theGlossary())) {
    if (seq.slice(m.start, m.start + m.length).every((w) => NON_CONTENT_FOLDED.has(w))) continue;
    out.push(...m.terms);
  }
  return [...new Set(out)];
}

let phraseWords: Set<string> | null = null;

/** The question with English inflections the glossary lacks (`queueing`, `budgeted`) put back to a form it has. */
function englishBase(q: string, g: Glossary): string {
  // A word of a glossary phrase (`targeted state grants`) is left as it is, for the phrase to match.
  phraseWords ??= new Set([...g.keys()].filter((k) => k.includes(' ')).flatMap((k) => k.split(' ')));
  return q.replace(/\p{L}+/gu, (w) => {
    const lw = w.toLowerCase();
    if (lw.length < 5 || g.has(lw) || phraseWords!.has(lw)) return w;
    const stem = lw.replace(/(ing|ed|es|s)$/, '');
    return [stem, `${stem}e`, lw.replace(/s$/, '')].find((c) => c !== lw && g.has(c)) ?? w;
  });
}

/**
 * Translated terms where one English phrase has several Swedish renderings (`nursing home` → `särskilt boende`,
 * `vård- och omsorgsboende`, `vårdboende`): the renderings are alternatives, one term, not each a required word.
 */
function orTerms(q: string, translated: string[]): string[] {
  const groups: string[] = [];
  const grouped = new Set<string>();
  for (const { terms } of glossaryMatches(words(q), theGlossary())) {
    const alts = terms.filter((h) => !docRefsOf(h).length);
    if (alts.length < 2) continue;
    const heads = alts.map((a) => words(a).filter((w) => !NON_CONTENT_FOLDED.has(w) && !isStopword(w)).map(lightStem).sort((x, y) => y.length - x.length)[0]).filter((h): h is string => !!h);
    if (heads.length < 2) continue;
    for (const a of alts) for (const w of words(a)) grouped.add(lightStem(w));
    groups.push([...new Set(heads)].join('|'));
  }
  return [...translated.filter((t) => !grouped.has(t)), ...groups];
}

/**
 * An English question's terms: glossary translations, plus its other words that the documents use (`ytterfall`,
 * `HVB`, `museum`) or whose cognates they use (`incidents` → `incidenter`). Without a lexicon, the words that look
 * Swedish or are names.
 */
function englishTerms(question: string, termWords: string[], translated: string[], lexicon?: Lexicon): { terms: string[]; cognates: string[] } {
  const g = theGlossary();
  const out = new Set(translated);
  const cognates: string[] = [];
  // Words inside a glossary phrase (`budget frame`, `financial assistance`) are translated with it.
  const seq = englishBase(question, g).toLowerCase().normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
  const covered = new Set(glossaryMatches(words(seq.join(' ')), g).flatMap((m) => words(seq.join(' ')).slice(m.start, m.start + m.length)));
  for (const w of termWords) {
    const lw = w.toLowerCase();
    if (EN_STOP.has(lw) || g.has(lw) || g.has(lw.replace(/s$/, '')) || g.has(words(lw).join(' ')) || covered.has(words(lw).join(' '))) continue;
    if (lexicon) {
      if (lw.length >= 3 && lexicon.has(lw)) out.add(termOf(w));
      else {
        const alike = lexicon.cognates(lw);
        if (alike.length) {
          cognates.push(...alike);
          out.add([...new Set(alike.map(lightStem))].join('|'));
        }
      }
      continue;
    }
    if (/^[a-z]+$/.test(lw) && !/[A-ZÅÄÖ]/.test(w.slice(0, 1)) && lw.length > 3 && !/(nämnd|vård|kostnad|ning|het)/.test(lw)) continue;
    out.add(termOf(w));
  }
  // A short Swedish word from the glossary (`kö` for queue) is a term too; short English words are not.
  return { terms: [...out].filter((t) => t.length >= 3 || (translated.includes(t) && t.length === 2) || t.includes('|')), cognates };
}

/** The words of the question that name its subject, in order, as written (not folded). */
function contentWords(q: string, keepVerbs = false): string[] {
  const out: string[] = [];
  for (const raw of q.normalize('NFC').split(/[^\p{L}\p{N}:-]+/u)) {
    const w = raw.replace(/:s?$/, '').replace(/^-+|-+$/g, '');
    if (!w) continue;
    const lw = w.toLowerCase();
    if (/^\d/.test(lw)) continue;
    // English function words too: questions mix the languages (`Summa intäkter, budget 2024 according to …`), and no
    // English stop word is a content word of the Swedish documents (KEEP_EN holds those that are).
    if (NON_CONTENT.has(lw) || isStopword(lw) || isEnglishStopword(lw)) continue;
    // A span of months (`jan-aug`) is the period asked, read by readPeriod; its parts are no subject.
    if (lw.includes('-') && lw.split('-').every((p) => !p || NON_CONTENT.has(p))) continue;
    if (/^(budget|utfall|bokslut|prognos|avvikelse|budgetavvikelse|underskott|överskott|andel|förbrukning|förändring|ökning|minskning|deficit|surplus|forecast|outcome|deviation|p[12])(en|et|s|n|ar|er|ens|ets|erna)?$/.test(lw)) continue;
    // Verbs of cost ask for the measure.
    if (/^kost(ar|ade|at)$/.test(lw)) continue;
    // Verbs in the past tense or passive (`inleddes`, `beslutades`, `budgeteras`, `lagts`) shape the question; the
    // documents use other forms of them, so they are not required of a supporting passage.
    if (!keepVerbs && lw.length >= 5 && /(ade|ades|dde|ddes|tte|ttes|des|tes|ats|its|eras|gts|tts)$/.test(lw) && !/(kostnad|plats|ersättare)/.test(lw)) continue;
    if (lw.length < 2) continue;
    out.push(w);
  }
  return out;
}

let abbreviations: Map<string, string[]> | null = null;

/** A support term: the word's stem, or for an abbreviation (`VoB`) the abbreviation or its spelled-out head word. */
function termOf(word: string): string {
  abbreviations ??= loadAbbreviations();
  const spelled = abbreviations.get(word.toLowerCase());
  const stem = lightStem(word);
  if (!spelled?.length) return stem;
  const heads = spelled.map((s) => s.split(/\s+/).sort((a, b) => b.length - a.length)[0]!).filter((h) => h.toLowerCase() !== word.toLowerCase());
  return [stem, ...heads.map(lightStem)].join('|');
}

const SUFFIXES = ['arnas', 'ernas', 'ornas', 'arna', 'erna', 'orna', 'ande', 'ende', 'heten', 'ens', 'ets', 'er', 'ar', 'or', 'en', 'et', 'na', 'n', 's', 'e', 'a'];

/** A folded prefix of a word, long enough to be specific, short enough to meet its inflections. */
export function lightStem(word: string): string {
  const f = fold(word).replace(/[^a-z0-9-]/g, '');
  for (const s of SUFFIXES) {
    if (f.length - s.length >= 5 && f.endsWith(s)) return f.slice(0, -s.length);
  }
  return f;
}

