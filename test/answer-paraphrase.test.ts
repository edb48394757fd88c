import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractiveAnswerer } from '../src/answer/answerer.ts';
import { extractiveOn } from './helpers/answer-store.ts';
import { DOCS, hasPdfs } from './helpers/shared.ts';

// The same question worded differently must land on the same table cell.
describe.skipIf(!hasPdfs(DOCS.dr2022, DOCS.vp2024))('paraphrased questions on corpus PDFs', () => {
  let answerer: ExtractiveAnswerer;
  let close = async () => {};
  beforeAll(async () => {
    ({ answerer, close } = await extractiveOn([DOCS.dr2022, DOCS.vp2024]));
  }, 180_000);
  afterAll(() => close());

  it.each([
    'Hemvårdsnämnden – prognos 2 helår 2022 budgetavvikelse?',
    'Budgetavvikelse enligt prognos 2 för Hemvårdsnämnden, helåret 2022?',
    'How large an overspend does Hemvårdsnämnden forecast for the whole of 2022 (P2)?',
  ])('reads the forecast deviation column, not the investment table: %s', async (q) => {
    const { answer } = await answerer.ask(q);
    expect(answer.refused).toBe(false);
    expect(answer.values[0]!.value).toBe(-47699);
    expect(answer.citations[0]).toMatchObject({ document: DOCS.dr2022, page: 34 });
  });

  it('still reads the investment table when investments are asked', async () => {
    const { answer } = await answerer.ask('Hemvårdsnämndens investeringar i inventarier – prognos 2 2022?');
    expect(answer.values[0]!.value).toBe(5200);
  });

  it('finds a committee named as a row of the programme committee report', async () => {
    const { answer } = await answerer.ask('Socialnämndens negativa avvikelse för helåret i P2 2022?');
    expect(answer.values[0]!.value).toBe(-10423);
  });

  it('takes a year for another year than the interim report’s from its own column', async () => {
    const { answer } = await answerer.ask('Vad var Hemvårdsnämndens budgetavvikelse för helåret 2021 enligt delårsrapporten 2022?');
    expect(answer.values[0]!.value).toBe(-38021);
  });
});
