import { existsSync } from 'node:fs';
import path from 'node:path';

/** The shared corpus beside the project (`../shared`), or SHARED_DIR. Tests that need it skip, and say so, without it. */
export const SHARED = path.resolve(process.env.SHARED_DIR ?? path.join(import.meta.dirname, '../../../shared'));
export const hasShared = existsSync(path.join(SHARED, 'corpus/pdf'));
/** The PDFs shipped with the project: a fresh clone without `../shared` still runs the tests that need only these. */
const SAMPLES = path.resolve(import.meta.dirname, '../../samples/pdf');

/** A corpus PDF: from the shared corpus, or, without it, the copy in samples/pdf when the project ships one. */
export const corpusPdf = (name: string, variant: 'pdf' | 'pdf-untagged' = 'pdf') => {
  const shared = path.join(SHARED, 'corpus', variant, `${name}.pdf`);
  const sample = path.join(SAMPLES, `${name}.pdf`);
  return !hasShared && variant === 'pdf' && existsSync(sample) ? sample : shared;
};

/** Whether the PDFs of these documents are at hand in this variant, in ../shared or (tagged) in samples/pdf. */
export const hasPdfsIn = (variant: 'pdf' | 'pdf-untagged', ...names: string[]) => names.every((n) => existsSync(corpusPdf(n, variant)));
/** Whether the (tagged) PDFs of these documents are at hand, in ../shared or in samples/pdf. */
export const hasPdfs = (...names: string[]) => hasPdfsIn('pdf', ...names);

if (!hasShared) console.warn(`[skipped] tests on the shared corpus beyond samples/pdf: ${SHARED} not found`);

export const DOCS = {
  vp2024: 'orebro-socialnamnden-verksamhetsplan-2024',
  ab2023: 'orebro-socialnamnden-arsberattelse-2023',
  dr2022: 'orebro-programnamnd-social-valfard-delarsrapport-2-2022',
  enkoping: 'enkoping-socialnamnden-namndplan-2024',
  enkopingScan: 'enkoping-socialnamnden-namndplan-2024-skannad',
  vp2016: 'orebro-socialnamnd-oster-verksamhetsplan-2016',
} as const;
