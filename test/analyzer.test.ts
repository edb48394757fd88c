import { describe, expect, it } from 'vitest';
import { grams, queryStems, stems, words } from '../src/text/analyzer.ts';
import { foldWord } from '../src/text/fold.ts';
import { analyzeQuery, headerTerms, loadAbbreviations } from '../src/search/query.ts';
import { loadGlossary, looksEnglish, translateTerms } from '../src/text/glossary.ts';

describe('OCR folding', () => {
  it('folds OCR misreadings of å/ä/ö onto the correct spelling', () => {
    expect(foldWord('nimndens')).toBe(foldWord('nämndens'));
    expect(foldWord('f6r')).toBe(foldWord('för'));
    expect(foldWord('4r')).toBe(foldWord('är'));
    expect(foldWord('ménad')).toBe(foldWord('månad'));
    expect(foldWord('jimféra')).toBe(foldWord('jämföra'));
    expect(foldWord('6verskott')).toBe(foldWord('överskott'));
    expect(foldWord('virddygn')).toBe(foldWord('vårddygn'));
  });

  it('keeps numbers and the vowels OCR does not confuse', () => {
    expect(foldWord('2023')).toBe('2023');
    expect(foldWord('bud')).not.toBe(foldWord('bad'));
  });
});

describe('Swedish analyzer', () => {
  it('stems with Snowball and drops stop words', () => {
    expect(stems('kostnaderna och kostnader')).toEqual(['kostnad', 'kostnad']);
    expect(stems('Budgetavvikelsen för budgetavvikelser')).toEqual(['budgetavvik', 'budgetavvik']);
    expect(stems('och att det')).toEqual([]);
  });

  it('keeps words that carry meaning in committee documents although stopwords-iso lists them', () => {
    expect(stems('beslut kr')).toEqual(['beslut', 'kr']);
  });

  it('asks for the definite form Snowball leaves whole', () => {
    expect(queryStems('sjukfrånvaron')).toContain('sjukfrånvaro');
  });

  it('splits Swedish decimal numbers into their parts and drops single letters', () => {
    expect(words('663,5 mnkr')).toEqual(['663', '5', 'mnkr']);
    expect(stems("SN:s ram")).toEqual(['sn', 'ram']);
  });

  it('matches a word inside a compound through n-grams', () => {
    const compound = new Set(grams('familjehemsvård'));
    const part = grams('hemsvård').filter((g) => !g.startsWith('_') && !g.endsWith('_'));
    expect(part.length).toBeGreaterThan(0);
    for (const g of part) expect(compound.has(g)).toBe(true);
  });

  it('gives an OCR-misspelt word the same n-grams as the right spelling', () => {
    expect(grams('nimndens')).toEqual(grams('nämndens'));
    expect(grams('sjukfranvaron')).toEqual(grams('sjukfrånvaron'));
  });
});

describe('glossary', () => {
  const glossary = loadGlossary();

  it('is a data file of English terms with Swedish translations', () => {
    expect(glossary.get('deficit')).toContain('underskott');
    expect(glossary.get('forecast')).toContain('prognos');
    expect(glossary.get('outcome')).toContain('utfall');
    expect(glossary.get('committee')).toContain('nämnd');
  });

  it('translates English questions, longest phrase first', () => {
    const terms = translateTerms('What is the total of the targeted state grants listed in DR2 2022?', glossary);
    expect(terms).toContain('riktade statsbidrag');
    expect(terms).not.toContain('bidrag');
    expect(translateTerms('Hemvårdsnämnden – forecast 2 full-year 2022 budget deviation?', glossary)).toEqual(
      expect.arrayContaining(['prognos 2', 'helår', 'budgetavvikelse']),
    );
  });

  it('leaves Swedish questions alone', () => {
    expect(translateTerms('Vad är prognosen för helåret?', glossary)).toEqual([]);
    expect(translateTerms('Hur många ledamöter har socialnämnden i Enköping?', glossary)).toEqual([]);
  });

  it('tells English from Swedish questions', () => {
    expect(looksEnglish('Hur stor är budgetramen för 2024?')).toBe(false);
    expect(looksEnglish('How many members does the committee have?')).toBe(true);
  });
});

describe('query analysis', () => {
  const glossary = loadGlossary();
  const abbreviations = loadAbbreviations();

  it('searches an English question by its Swedish terms, without its function words or the words it translated', () => {
    const q = analyzeQuery('What was the sick leave in the social services committee in 2023?', glossary, abbreviations);
    expect(words(q.expanded)).toEqual(expect.arrayContaining(['sjukfrånvaro', 'socialnämnden', '2023']));
    for (const w of ['what', 'was', 'the', 'sick', 'leave', 'in']) expect(words(q.expanded)).not.toContain(w);
  });

  it('keeps Swedish questions whole and does not repeat a translation the question already gives', () => {
    // Stop words (`är`) stay in the text; the stems and n-grams leave them out.
    expect(analyzeQuery('Hur stor är budgetramen under 2024?', glossary, abbreviations).expanded).toBe('är budgetramen under 2024');
    const q = analyzeQuery('Enköping: budget 2024 for ekonomiskt bistånd (economic assistance)?', glossary, abbreviations);
    expect(q.expanded.match(/ekonomiskt bistånd/g)).toHaveLength(1);
  });

  it('asks for the column headers that hold a deficit or a deviation', () => {
    for (const q of ['Vilket underskott prognostiserar nämnden?', 'What is the forecast deficit?', 'Nämndens budgetavvikelse 2023?']) {
      expect(words(analyzeQuery(q, glossary, abbreviations).expanded)).toEqual(expect.arrayContaining(['budget', 'utfall', 'avvikelse']));
    }
    expect(headerTerms('antal vårddygn')).toEqual([]);
  });

  it('asks for the definite neuter form as well', () => {
    expect(queryStems('helåret')).toContain('helår');
    expect(queryStems('effektiviseringskrav')).toContain('effektiviseringskravet');
  });
});
