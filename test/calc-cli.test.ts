// `namndkoll calc` as a user runs it: against a store ingested from the project's sample corpus.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleStore } from './helpers/sample-store.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DR2022 = 'orebro-programnamnd-social-valfard-delarsrapport-2-2022';
const VP2024 = 'orebro-socialnamnden-verksamhetsplan-2024';
let dataDir: string;

const calc = async (...args: string[]) => {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin/namndkoll.mjs'), 'calc', ...args], {
      cwd: ROOT,
      env: { ...process.env, NAMNDKOLL_DATA: dataDir, LOG_LEVEL: 'silent' },
    });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'namndkoll-calc-cli-'));
  await sampleStore(dataDir);
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('namndkoll calc', () => {
  it('deficits --json: the forecast deviations per committee with their sources and the printed total', async () => {
    const { code, stdout } = await calc('deficits', '--doc', DR2022, '--json');
    expect(code).toBe(0);
    const breakdowns = JSON.parse(stdout) as { caption: string; areas: { label: string; value: number; figure: { source: { page: number; raw: string } } }[]; sum: number; printedTotal: { value: number } | null }[];
    const committees = breakdowns.find((b) => b.areas.some((a) => a.label === 'Hemvårdsnämnd'))!;
    const hem = committees.areas.find((a) => a.label === 'Hemvårdsnämnd')!;
    expect(hem.value).toBe(-47699);
    expect(hem.figure.source.raw).toBe('-47 699');
    expect([33, 34]).toContain(hem.figure.source.page);
    expect(committees.sum).toBe(-51891);
    expect(committees.printedTotal?.value).toBe(-51891);
  });

  it('check: finds the budget table whose rows sum to −666 while it prints −663, and exits 1', async () => {
    const { code, stdout } = await calc('check', VP2024, '--json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { problems: { expected: number; printed: number; severity: string }[] };
    expect(report.problems).toContainEqual(expect.objectContaining({ expected: -666, printed: -663, severity: 'error' }));
  });

  it('--png writes a chart of the deficits', async () => {
    const out = path.join(dataDir, 'deficits.png');
    const { code } = await calc('deficits', '--doc', DR2022, '--png', out);
    expect(code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out).subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});
