// `namndkoll start` without Slack: ingests the sample corpus into an empty store, then answers questions typed on
// standard input with the same content as in Slack (answer, figures, sources).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
let dataDir: string;

function runStart(input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NAMNDKOLL_DATA: dataDir, LOG_LEVEL: 'warn' };
    for (const k of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'QDRANT_URL']) delete env[k];
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/namndkoll.mjs'), 'start'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'namndkoll-chat-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('terminal chat', () => {
  it('ingests the samples into an empty store and answers from standard input, with follow-ups', async () => {
    const { code, stdout, stderr } = await runStart(
      ['Vilka driftsnämnder prognostiserar underskott i DR2 2022 och hur mycket blir det sammanlagt?', 'vilken sida?', '/dokument', ''].join('\n'),
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(/sample corpus/);
    expect(stderr).toMatch(/\[1\/3\]/);
    const [first, second, third] = stdout.split(/^› /m).slice(1);
    expect(first).toMatch(/47 699/);
    expect(first).toMatch(/51 891/);
    expect(first).toMatch(/Källor:/);
    expect(first).toMatch(/Delårsrapport med prognos 2 2022.*s\. 3[34]/);
    expect(second).toMatch(/orebro-programnamnd-social-valfard-delarsrapport-2-2022, s\. 3[34]/);
    expect(third).toMatch(/enkoping-socialnamnden-namndplan-2024/);
    expect(third).toMatch(/orebro-socialnamnden-verksamhetsplan-2024/);
  });

  it('does not ingest again when the store has documents', async () => {
    const { code, stderr, stdout } = await runStart('/dokument\n');
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/sample corpus/);
    expect(stdout).toMatch(/3 dokument inlästa/);
  });
});
