// A bulk ingest killed with SIGKILL mid-batch, then run again: what was committed stays, and is not parsed again.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentStore } from '../src/store/documents/store.ts';
import { fixture, tempDir } from './helpers/store.ts';

const ROOT = path.join(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'bin/namndkoll.mjs');
const env = { ...process.env, LOG_LEVEL: 'silent' };

describe('bulk ingest after kill -9', () => {
  it('keeps the files stored before the kill and parses only the rest', async () => {
    const dir = path.join(tempDir(), 'pdfs');
    mkdirSync(dir);
    const sources = ['enkoping-p1-3.pdf', 'enkoping-p4-5.pdf', 'orebro-vp2024-p2-3.pdf'];
    for (let i = 0; i < 8; i++) copyFileSync(fixture(sources[i % sources.length]!), path.join(dir, `doc${i}.pdf`));
    const data = tempDir();

    // Killed once at least one file is stored and before the last one is.
    const child = spawn(process.execPath, [CLI, 'ingest', '--data', data, '--no-ocr', dir], { cwd: ROOT, env });
    let err = '';
    const killed = await new Promise<boolean>((resolve) => {
      child.stderr.on('data', (b: Buffer) => {
        err += b.toString();
        if (/\[[1-6]\/8\] .* added/.test(err) && !child.killed) {
          child.kill('SIGKILL');
          resolve(true);
        }
      });
      child.on('exit', () => resolve(false));
    });
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode ? resolve(null) : child.on('exit', resolve)));
    expect(killed).toBe(true);
    expect(child.signalCode).toBe('SIGKILL');

    const before = DocumentStore.open(data);
    const stored = before.list().map((d) => d.id);
    before.close();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(8);

    const again = spawnSync(process.execPath, [CLI, 'ingest', '--data', data, '--no-ocr', '--json', dir], { cwd: ROOT, env, encoding: 'utf8' });
    expect(again.status).toBe(0);
    const result = JSON.parse(again.stdout) as { added: number; unchanged: number; failed: number; stats: { parsed: number } };
    expect(result).toMatchObject({ unchanged: stored.length, added: 8 - stored.length, failed: 0 });
    expect(result.stats.parsed).toBe(8 - stored.length);
    const after = DocumentStore.open(data);
    expect(after.list().map((d) => d.id).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `doc${i}`));
    after.close();
  }, 180_000);
});
