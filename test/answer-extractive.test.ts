import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractiveAnswerer } from '../src/answer/answerer.ts';
import { Answer } from '../src/model/answer.ts';
import { extractiveOn } from './helpers/answer-store.ts';
import { DOCS, hasPdfs } from './helpers/shared.ts';

describe.skipIf(!hasPdfs(DOCS.dr2022, DOCS.vp2024))('extractive answers on corpus PDFs', () => {
  let answerer: ExtractiveAnswerer;
  let close = async () => {};
  beforeAll(async () => {
    ({ answerer, close } = await extractiveOn([DOCS.dr2022, DOCS.vp2024]));
  }, 180_000);
  afterAll(() => close());

  it('looks up a table figure by row, measure and period, quoting the row', async () => {
    const { answer } = await answerer.ask('Hemvårdsnämnden – forecast 2 full-year 2022 budget deviation?');
    Answer.parse(answer);
    expect(answer.refused).toBe(false);
    expect(answer.values.map((v) => v.value)).toContain(-47699);
    expect(answer.citations[0]).toMatchObject({ document: DOCS.dr2022 });
    expect(answer.citations[0]!.quote).toContain('Hemvårdsnämnd');
  });

  it('sums the deficits per committee through the calc engine', async () => {
    const { answer } = await answerer.ask('Vilka driftsnämnder prognostiserar underskott i P2 2022 och hur mycket blir det sammanlagt?');
    expect(answer.kind).toBe('calculation');
    expect(answer.values.map((v) => v.value)).toContain(-96718);
    expect(answer.answer).toMatch(/Beräkning/);
  });

  it('computes a change between two columns of a row, with the formula and both sources', async () => {
    const { answer } = await answerer.ask('Hur mycket ökar Myndighets budget 2024 jmf med 2023, i mnkr och procent?');
    expect(answer.kind).toBe('calculation');
    const v = answer.values.map((x) => `${x.value} ${x.unit}`);
    expect(v).toContain('9 mnkr');
    expect(v).toContain('7.8 %');
    expect(answer.citations[0]).toMatchObject({ document: DOCS.vp2024 });
  });

  it('refuses when the scope holds no such document, and never borrows another municipality’s figure', async () => {
    const { answer } = await answerer.ask('Hur många ledamöter har socialnämnden i Enköping?');
    expect(answer.refused).toBe(true);
    expect(answer.kind).toBe('none');
    expect(answer.answer).toMatch(/framgår inte/);
    expect(answer.answer).not.toContain('17');
  });

  it('answers in English when asked in English', async () => {
    const { answer } = await answerer.ask('How many members and substitutes does Örebro\'s Socialnämnden have?');
    expect(answer.refused).toBe(false);
    expect(answer.answer).toContain('17');
    expect(answer.answer).toContain('11');
  });
});
