import { copyFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Languages read together: Swedish text, English for `%`, `(%)` and decimals that Swedish alone misreads. */
export const OCR_LANGS = ['swe', 'eng'] as const;
/** The LSTM-only integer models; the packages' `4.0.0/` legacy models are three times larger and not used. */
const MODEL_DIR = '4.0.0_best_int';

const require = createRequire(import.meta.url);

/** The installed traineddata file of one language package (npm registry, no run-time download). */
export function packagedTraineddata(lang: string): string {
  let pkg: string;
  try {
    pkg = path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
  } catch {
    throw new Error(`OCR language data for '${lang}' is missing: run npm install (package @tesseract.js-data/${lang})`);
  }
  const file = path.join(pkg, MODEL_DIR, `${lang}.traineddata.gz`);
  if (!existsSync(file)) throw new Error(`OCR language data file is missing: ${file} (reinstall @tesseract.js-data/${lang})`);
  return file;
}

/**
 * tesseract.js reads every language from one `langPath` directory, and each npm package holds one language, so the
 * files are copied side by side into a cache directory. Nothing is fetched: a local `langPath` is read from disk.
 */
export function ensureTessdata(cacheRoot: string): string {
  const dir = path.join(cacheRoot, 'tessdata', MODEL_DIR);
  mkdirSync(dir, { recursive: true });
  for (const lang of OCR_LANGS) {
    const src = packagedTraineddata(lang);
    const dst = path.join(dir, `${lang}.traineddata.gz`);
    if (!existsSync(dst) || statSync(dst).size !== statSync(src).size) {
      // Copy then rename so that a concurrent reader never sees half a file.
      const tmp = `${dst}.${process.pid}.tmp`;
      copyFileSync(src, tmp);
      renameSync(tmp, dst);
    }
  }
  return dir;
}

/** A fingerprint of the models, so cached OCR output is tied to the data that produced it. */
export function tessdataFingerprint(): string {
  return OCR_LANGS.map((l) => `${l}:${statSync(packagedTraineddata(l)).size}`).join(',');
}
