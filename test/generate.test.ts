// The question generator (eval/generate.ts): deterministic, answers taken from the document model, a held-back half
// of each template's wordings, and no question whose answer the model does not fix.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { committeeInitials, generateQuestions, heldoutWordings, TEMPLATES } from '../eval/generate.ts';
import type { ParsedDocument } from '../src/model/document.ts';
import { parsedCorpus, parsedFile } from './helpers/corpus.ts';
import { DOCS, hasShared, SHARED } from './helpers/shared.ts';

describe('committee initials', () => {
  it('takes a letter a word and one for the committee word of a compound', () => {
    expect(committeeInitials('Socialnämnden')).toBe('SN');
    expect(committeeInitials('Kultur- och fritidsnämnden')).toBe('KFN');
    expect(committeeInitials('Vård- och omsorgsnämnden')).toBe('VON');
    expect(committeeInitials('Kommunstyrelsen')).toBe('KS');
  });
});

describe('held-back wordings', () => {
  it('hold back half of each template’s wordings, the same half for the same seed', () => {
    const held = heldoutWordings(11);
    expect(heldoutWordings(11)).toEqual(held);
    expect(heldoutWordings(12)).not.toEqual(held);
    for (const t of TEMPLATES) {
      const mine = [...held].filter((k) => k.startsWith(`${t}/`));
      expect(mine.length, t).toBeGreaterThan(0);
    }
  });
});

describe.skipIf(!hasShared)('generated questions on stored documents', () => {
  let docs: ParsedDocument[] = [];
  const load = async () =>
    (docs = docs.length
      ? docs
      : [await parsedCorpus(DOCS.vp2024, 'pdf', { noOcr: true }), await parsedFile(path.join(SHARED, 'corpus/real/goteborg-stadsrevisionen-arsredogorelse-2022.pdf'), { noOcr: true })]);

  it('are the same for the same documents and seed, in both languages, every question once', async () => {
    const a = generateQuestions(await load(), { seed: 3 });
    const b = generateQuestions(await load(), { seed: 3 });
    expect(a).toEqual(b);
    expect(new Set(a.map((q) => q.lang))).toEqual(new Set(['sv', 'en']));
    expect(new Set(a.map((q) => q.id)).size).toBe(a.length);
    expect(new Set(a.map((q) => q.question)).size).toBe(a.length);
    expect(a.some((q) => q.heldout) && a.some((q) => !q.heldout)).toBe(true);
    expect(generateQuestions(await load(), { seed: 4 }).map((q) => q.question)).not.toEqual(a.map((q) => q.question));
  }, 120_000);

  it('answer lookups with the figure the model holds for the row and column, quoting the row', async () => {
    const all = await load();
    const lookups = generateQuestions(all, { perTemplate: 5 }).filter((q) => q.template === 'lookup');
    expect(lookups.length).toBeGreaterThan(5);
    for (const q of lookups) {
      const doc = all.find((d) => d.document.id === q.evidence[0]!.doc)!;
      const v = q.values[0]!;
      const matches = doc.figures.filter((f) => f.rowLabel.at(-1)!.replace(/\s+/g, ' ').trim() === v.label && f.columnLabel.join(' ').replace(/\s+/g, ' ').trim() === v.period);
      // One cell, or several with one value: the question has one answer.
      expect(new Set(matches.map((f) => f.value)), q.question).toEqual(new Set([v.value]));
      expect(q.evidence[0]!.quote.startsWith(doc.tables.find((t) => t.id === matches[0]!.tableId)!.rows[matches[0]!.row]![0]!.trim())).toBe(true);
    }
  }, 120_000);

  it('compute sums and shares of amounts of money only, and name the document when the figure is not unique', async () => {
    const qs = generateQuestions(await load(), { perTemplate: 5 });
    for (const q of qs.filter((x) => x.template === 'sum_rows' || x.template === 'share')) {
      expect(q.answer).not.toMatch(/%.*[+/]/);
      expect(q.notes).not.toMatch(/column '[^']*%/);
    }
    for (const q of qs.filter((x) => x.wording.endsWith('doc:none'))) {
      // Left unnamed only when no other stored document has that row and column with another value.
      expect(q.template).not.toBe('deviations');
    }
  }, 120_000);
});
