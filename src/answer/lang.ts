// The answer layer writes in the question's language, read by the one detector that search uses too.
export { detectLang, type Lang } from '../text/lang.ts';
