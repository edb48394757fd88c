import type { Answer, AnswerValue, Citation } from '../model/answer.ts';
import { breakdown, deficits } from '../calc/deficits.ts';
import type { CalcFigure } from '../model/calc.ts';
import type { ParsedDocument } from '../model/document.ts';
import { T, amount, citationOfFigure, made, titleOf, valueOfFigure } from './compose.ts';
import type { Knowledge } from './knowledge.ts';
import { coverage } from './evidence.ts';
import { lightStem, type Route } from './router.ts';
import type { Scope } from './scope.ts';
import { fold, numbersIn, sentences, squash } from './text.ts';

const ECONOMY = /underskott|overskott|avvikelse|resultat|prognos|budget|ram|mnkr|tkr|kostnad|netto|effektivisering|besparing|okning|minskning/;
const MAX_WORDS = 130;

/**
 * An extractive summary of one document: per section, its most economic sentence (figures in mnkr/tkr, deficits,
 * deviations, causes), the sections with the strongest economic content first, cut at about 150 words.
 */
export function summarize(knowledge: Knowledge, route: Route, scope: Scope, rankedDocs: string[]): Answer | null {
  const docId = pickDocument(scope, rankedDocs);
  if (!docId) return null;
  const doc = knowledge.document(docId);
  if (!doc) return null;
  const topic = route.terms;
  // A summary of one part of the document (`investeringsbudgeten`, `the library`) answers from the sections about
  // that part; the whole document's economy (its deficit table, its general result) is not what was asked.
  const subject = subjectOf(route, scope);
  const aboutSection = (path: string) => (subject.length ? coverage(subject, path) : 0);
  const focused = subject.length > 0 && doc.sections.some((s) => aboutSection(s.path.join(' ') || s.heading) >= 0.5);
  type Pick = { text: string; page: number; section: string; score: number; order: number };
  const picks: Pick[] = [];
  doc.sections.forEach((s, order) => {
    const here: Pick[] = [];
    const sectionAbout = aboutSection(s.path.join(' ') || s.heading);
    for (const { sent, part } of partsOf(s.text)) {
      const f = fold(sent);
      const w = sent.split(/\s+/).length;
      if (w < 6 || w > 45) continue;
      const nums = numbersIn(sent).filter((n) => n.unit === 'mnkr' || n.unit === 'tkr' || n.unit === '%');
      let score = nums.length * 1.5 + (f.match(new RegExp(ECONOMY, 'g'))?.length ?? 0);
      score += topic.filter((t) => f.includes(t)).length * 0.8;
      // Committee documents state their own summary first (`Förslag till beslut`, `Sammanfattning`).
      if (order <= 2 || /sammanfattning|forslag till beslut|summary/.test(fold(s.heading))) score += 1.5;
      if (/\d+\s*(mnkr|tkr)/.test(f) && /underskott|overskott|avvikelse|budgetram|resultat/.test(f)) score += 3;
      // Economic words without a figure are a mission statement, not the economy.
      if (!nums.length) score *= 0.4;
      if (focused) {
        const about = Math.max(sectionAbout, part ? aboutSection(part) : 0, coverage(subject, sent));
        // Outside the sections about the subject, only a sentence that names it all.
        if (about < 0.5 && coverage(subject, sent) < 0.99) continue;
        score += 3 * about;
      }
      here.push({ text: squash(sent), page: s.pageStart, section: s.path.join(' › ') || s.heading, score, order });
    }
    // Up to three sentences a section: the first always if economic enough, the others only when clearly so.
    here.sort((a, b) => b.score - a.score);
    here.slice(0, 3).forEach((p, i) => {
      if (p.score >= (i === 0 ? 2 : 2.5)) picks.push(p);
    });
  });
  const lead = focused ? null : leadFigures(doc, route);
  if (!picks.length && !lead) return null;
  const chosen: Pick[] = [];
  let words = 0;
  const seen = new Set<string>();
  const stated = new Set<number>();
  const density = (p: Pick) => p.score / Math.sqrt(Math.max(1, p.text.split(/\s+/).length / 15));
  for (const p of [...picks].sort((a, b) => density(b) - density(a))) {
    const k = fold(p.text).slice(0, 60);
    if (seen.has(k)) continue;
    // A sentence whose figures the summary already states adds only words.
    const money = numbersIn(p.text).filter((n) => n.unit === 'mnkr' || n.unit === 'tkr').map((n) => Math.abs(n.value));
    if (money.length && money.every((v) => stated.has(v))) continue;
    money.forEach((v) => stated.add(v));
    const w = p.text.split(/\s+/).length;
    if (words + w > MAX_WORDS && chosen.length >= 2) break;
    seen.add(k);
    chosen.push(p);
    words += w;
  }
  // Economic figures lead; within that, the document's order keeps the story readable.
  chosen.sort((a, b) => b.score - a.score >= 3 ? 1 : a.score - b.score >= 3 ? -1 : a.order - b.order);
  const t = T[route.lang];
  const head = route.lang === 'sv' ? `Sammanfattning av ${titleOf(knowledge, docId)}:` : `Summary of ${titleOf(knowledge, docId)} (quoted in Swedish):`;
  const lines = [head, ...(lead ? [`• ${lead.text}`] : []), ...chosen.map((p) => `• ${p.text} (${t.page} ${p.page})`)];
  const citations: Citation[] = [...chosen.map((p) => ({ document: docId, page: p.page, section: p.section, quote: p.text })), ...(lead ? lead.figures.map((f) => citationOfFigure(knowledge, f)) : [])];
  const values: AnswerValue[] = [...(lead ? lead.figures.map((f) => valueOfFigure(f, f.label)) : []), ...chosen.flatMap((p) =>
    numbersIn(p.text)
      .filter((n) => n.unit === 'mnkr' || n.unit === 'tkr' || n.unit === '%')
      .map((n) => ({ label: p.section, period: doc.document.year ? String(doc.document.year) : '', value: n.value, unit: n.unit ?? '' })),
  )];
  return made('summary', lines.join('\n'), values, citations);
}

/**
 * A section's sentences, each with the run-in heading it stands under: a paragraph of one capitalised line
 * (`INVESTERINGSREDOVISNING`) heads the paragraphs after it, through its mixed-case subheads (`Fritid`, `Museet`),
 * until the next such line.
 */
function partsOf(text: string): { sent: string; part: string | null }[] {
  const out: { sent: string; part: string | null }[] = [];
  let part: string | null = null;
  for (const block of text.split(/\n\s*\n/)) {
    const line = block.trim();
    if (!line.includes('\n') && line.length >= 4 && line.length <= 60 && /\p{Lu}{4}/u.test(line) && line === line.toUpperCase() && !/\d/.test(line)) {
      part = line;
      continue;
    }
    for (const sent of sentences(block)) out.push({ sent, part });
  }
  return out;
}

// Words that name a summary's usual matter, the economy as a whole, rather than one part of the document.
const WHOLE = /^(ekonomi|ekonomisk|lage|finansiell|budget|budg|resultat|utfall|prognos|sammanfatt|summar|overgripande)/;

/** The question's terms that name a part of the document: not the scope's names, not the economy as a whole. */
function subjectOf(route: Route, scope: Scope): string[] {
  const named = scope.names.words.map((w) => lightStem(w));
  return route.terms.filter((t) => {
    const alts = t.split('|');
    if (alts.some((a) => WHOLE.test(a))) return false;
    return !alts.some((a) => named.some((n) => n.length >= 3 && (n.startsWith(a) || a.startsWith(n))));
  });
}

/**
 * The document's headline figures from its tables, through the calc engine: the largest deficits of its deviation
 * table (reports), or the total of its budget table (plans).
 */
function leadFigures(doc: ParsedDocument, route: Route): { text: string; figures: CalcFigure[] } | null {
  const lang = route.lang;
  const id = doc.document.id;
  try {
    const devs = deficits(doc, { documentId: id }).filter((b) => b.areas.length >= 3 && b.areas.filter((a) => a.value < 0).length >= 2 && !/förändring|forandring/i.test(b.column.header.join(' ')));
    // A table whose printed total its rows do not add up to (an OCR misread) does not lead a summary.
    const sane = (b: (typeof devs)[number]) =>
      b.printedTotal === null || (Math.sign(b.printedTotal.value) === Math.sign(b.sum) && Math.abs(b.totalDifference ?? 0) <= 0.02 * Math.abs(b.sum) + 0.05 * b.areas.length);
    const dev = devs.filter(sane).sort((a, b) => Math.abs(b.printedTotal?.value ?? b.sum) - Math.abs(a.printedTotal?.value ?? a.sum))[0];
    if (dev) {
      const neg = dev.areas.filter((a) => a.value < 0).slice(0, 3);
      const col = dev.column.header.join(' ');
      const list = neg.map((a) => `${a.label} ${amount(a.value, dev.unit, lang)}`).join(', ');
      const total = dev.printedTotal ? `; ${lang === 'sv' ? 'totalt' : 'total'} ${amount(dev.printedTotal.value, dev.unit, lang)}` : '';
      return {
        text: lang === 'sv' ? `Största underskotten («${col}»): ${list}${total}.` : `Largest deficits («${col}»): ${list}${total}.`,
        figures: [...neg.map((a) => a.figure), ...(dev.printedTotal ? [dev.printedTotal] : [])],
      };
    }
    const planning = /plan|budget/.test(doc.document.documentType) || /plan|budget/.test(doc.document.id);
    if (!planning) return null;
    const year = doc.document.year ?? undefined;
    const budgets = breakdown(doc, { documentId: id, measure: 'budget', period: year ? { year } : undefined }).filter((b) => b.printedTotal && b.areas.length >= 3);
    const bud = budgets.sort((a, b) => Math.abs(b.printedTotal!.value) - Math.abs(a.printedTotal!.value))[0];
    if (bud) {
      const f = bud.printedTotal!;
      return { text: `${f.label} ${f.columnLabel.join(' ')}: ${amount(f.value, f.unit, lang)} (${lang === 'sv' ? 'tabell' : 'table'} «${squash(bud.caption)}»).`, figures: [f] };
    }
  } catch {
    // A document whose tables the engine cannot read is summarized from its prose alone.
  }
  return null;
}

/** The one document a summary is about: the best fit of the scope, else the one retrieval ranks first. */
function pickDocument(scope: Scope, rankedDocs: string[]): string | null {
  const pool = scope.documents;
  if (!pool.length) return null;
  if (pool.length === 1) return pool[0]!.id;
  const pref = [...pool].sort((a, b) => (scope.preference.get(b.id) ?? 0) - (scope.preference.get(a.id) ?? 0) || rankedDocs.indexOf(a.id) - rankedDocs.indexOf(b.id));
  const top = pref[0]!;
  const second = pref[1];
  if (second && (scope.preference.get(second.id) ?? 0) === (scope.preference.get(top.id) ?? 0)) {
    const byRank = pool.filter((d) => rankedDocs.includes(d.id)).sort((a, b) => rankedDocs.indexOf(a.id) - rankedDocs.indexOf(b.id));
    return byRank[0]?.id ?? top.id;
  }
  return top.id;
}
