/** The language an answer is written in: the question's. */
export type Lang = 'sv' | 'en';

const SV_WORDS = new Set(
  'och att det är som på för med av till den har inte om ett en var vad hur när vilken vilka vilket mycket många blev ökade ökar i under mot jämfört jmf sammanfatta kort läge budget utfall bokslut prognos underskott överskott avvikelse nämnden nämnd socialnämnden kommunen år sjukfrånvaron summan sammanlagt utvecklats fick låg kom'.split(' '),
);
const EN_WORDS = new Set(
  'the and of to in is are was were what how when where who why which many much does do did by from for with has have its it give me show list between compared than summary summarize summarise quick trend total deficit surplus forecast outcome members substitutes average cost day days year years growth grow increase between listed'.split(' '),
);

/**
 * Swedish or English from the question's words. Letters å/ä/ö alone do not decide (English questions name Swedish
 * committees), so function words are counted; ties go to Swedish, the documents' language.
 */
export function detectLang(question: string): Lang {
  const words = question.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
  let sv = 0;
  let en = 0;
  for (const w of words) {
    if (SV_WORDS.has(w)) sv++;
    if (EN_WORDS.has(w)) en++;
  }
  // No function words either way (`Genomsnittlig kostnad per vårddygn 2019–2023?`): Swedish letters decide.
  if (en === sv && en === 0) return /[åäö]/i.test(question) || !/\b(the|of|and)\b/i.test(question) ? 'sv' : 'en';
  return en > sv ? 'en' : 'sv';
}
