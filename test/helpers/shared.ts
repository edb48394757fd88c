import { existsSync } from 'node:fs';
import path from 'node:path';

/** The shared corpus beside the project (`../shared`), or SHARED_DIR. Tests that need it skip, and say so, without it. */
export const SHARED = path.resolve(process.env.SHARED_DIR ?? path.join(import.meta.dirname, '../../../shared'));
export const hasShared = existsSync(path.join(SHARED, 'corpus/pdf'));

export const corpusPdf = (name: string, variant: 'pdf' | 'pdf-untagged' = 'pdf') => path.join(SHARED, 'corpus', variant, `${name}.pdf`);

if (!hasShared) console.warn(`[skipped] tests on the shared corpus: ${SHARED} not found`);

export const DOCS = {
  vp2024: 'orebro-socialnamnden-verksamhetsplan-2024',
  ab2023: 'orebro-socialnamnden-arsberattelse-2023',
  dr2022: 'orebro-programnamnd-social-valfard-delarsrapport-2-2022',
  enkoping: 'enkoping-socialnamnden-namndplan-2024',
  enkopingScan: 'enkoping-socialnamnden-namndplan-2024-skannad',
  vp2016: 'orebro-socialnamnd-oster-verksamhetsplan-2016',
} as const;
