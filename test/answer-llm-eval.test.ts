// `namndkoll eval FILE --answerer llm`: a question set answered by the configured model (a local stand-in here) and
// scored by the same scorer as the extractive path.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvalRecord } from '../src/cli/commands/eval.ts';
import { ModelStandIn, type SeenMessage, type Turn } from './helpers/llm-stand-in.ts';
import { sampleStore } from './helpers/sample-store.ts';
import { hasShared, SHARED } from './helpers/shared.ts';
import { tempDir } from './helpers/store.ts';

const run = promisify(execFile);
const BIN = path.join(import.meta.dirname, '../bin/namndkoll.mjs');

/** Searches with the question's words, then states the first amount of the first passage, citing it. */
function model(messages: SeenMessage[]): Turn {
  const tool = messages.filter((m) => m.role === 'tool').at(-1);
  if (!tool) return { toolCalls: [{ name: 'search_documents', args: { query: messages.find((m) => m.role === 'user')!.content } }] };
  const line = tool.content.split('\n').find((l) => /\d[\d ]*(,\d+)? (mnkr|tkr)/.test(l));
  if (!line) return { text: 'Det framgår inte av dokumenten.' };
  const [, amount, unit] = /(\d[\d ]*(?:,\d+)?) (mnkr|tkr)/.exec(line)!;
  return { text: `Enligt källan är det ${amount} ${unit} [${/^(S\d+)/.exec(line)![1]}].` };
}

describe.skipIf(!hasShared)('eval with the LLM answerer', () => {
  const stand = new ModelStandIn(model);
  beforeAll(() => stand.start());
  afterAll(() => stand.stop());

  it('answers every question through the model and scores the records with the shared scorer', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    await sampleStore(data);
    const questions = readFileSync(path.join(SHARED, 'eval/dev.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 3);
    const file = path.join(dir, 'questions.jsonl');
    writeFileSync(file, `${questions.join('\n')}\n`);
    const out = path.join(dir, 'results.jsonl');
    const env = { ...process.env, OPENAI_BASE_URL: `${stand.url}/v1`, LOG_LEVEL: 'silent' };
    const { stdout, stderr } = await run(process.execPath, [BIN, 'eval', file, '--out', out, '--data', data, '--answerer', 'llm', '--scorer', path.join(SHARED, 'eval/tools/score.mjs')], { env });

    expect(stderr).toContain('answering with the llm answerer');
    // One warm-up question, then each question: two model calls each (search, then the answer).
    expect(stand.requests).toHaveLength(2 * (questions.length + 1));
    const records = readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => EvalRecord.parse(JSON.parse(l)));
    expect(records.map((r) => r.id)).toEqual(questions.map((q) => JSON.parse(q).id));
    for (const r of records) expect(r.result.answer).toMatch(/^Enligt källan är det [\d ,]+ (mnkr|tkr) \[1\]\.$|framgår inte/);
    expect(stdout).toContain(`wrote ${out} (${questions.length} questions)`);
    expect(stdout).toMatch(/overall\s+\d+\s+[\d.]+ %/);
  });

  it('refuses --answerer llm when no model is configured', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' };
    for (const k of ['OPENAI_BASE_URL', 'OPENAI_API_KEY', 'AZURE_OPENAI_ENDPOINT', 'OLLAMA_BASE_URL', 'NAMNDKOLL_LLM_PROVIDER']) delete env[k];
    const file = path.join(tempDir(), 'q.jsonl');
    writeFileSync(file, '{"id":"q1","question":"Hur stor är budgeten?"}\n');
    const failed = await run(process.execPath, [BIN, 'eval', file, '--out', `${file}.out`, '--answerer', 'llm'], { env }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in failed && failed.code).toBe(2);
    expect((failed as { stderr: string }).stderr).toMatch(/no language model is configured/);
  });
});
