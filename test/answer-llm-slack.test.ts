// A model's answer streamed into a Slack thread: the real Bolt app (HTTP mode) against FakeSlack, the pipeline over
// the sample store, the LLM answerer against a local OpenAI-compatible stand-in that streams its text.
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline } from '../src/app/create-pipeline.ts';
import type { Pipeline } from '../src/app/pipeline.ts';
import { loadEnv } from '../src/config/env.ts';
import { logger } from '../src/log/logger.ts';
import { SlackAccess } from '../src/model/slack.ts';
import { createSlackApp } from '../src/slack/app.ts';
import { eventEnvelope, FakeSlack, signedPost } from './helpers/fake-slack.ts';
import { ModelStandIn, type SeenMessage, type Turn } from './helpers/llm-stand-in.ts';
import { sampleStore } from './helpers/sample-store.ts';

const SECRET = 'test-signing-secret';

/** Looks the row up, then writes a few sentences about the figure asked, citing it. */
function model(messages: SeenMessage[]): Turn {
  const tool = messages.filter((m) => m.role === 'tool').at(-1);
  if (!tool) return { toolCalls: [{ name: 'find_figures', args: { label: 'Hemvårdsnämnd', measure: 'avvikelse' } }] };
  const m = /^(F\d+): .*?prognos 2 helår.*? = (-?[\d ]+) (tkr)/im.exec(tool.content)!;
  return {
    text:
      `Hemvårdsnämnden prognostiserar en avvikelse på ${m[2]} ${m[3]} för helåret 2022 [${m[1]}]. ` +
      'Avvikelsen är ett underskott mot budgeten, eftersom en negativ avvikelse betyder att kostnaderna blir högre än budgeterat. ' +
      'Siffran kommer från delårsrapportens tabell över nämndernas prognoser för helåret.',
  };
}

describe('an LLM answer in Slack', () => {
  let dataDir: string;
  let fake: FakeSlack;
  let pipeline: Pipeline;
  let app: App;
  let eventsUrl: string;
  const stand = new ModelStandIn(model, 15);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'namndkoll-slack-llm-'));
    await sampleStore(dataDir);
    await stand.start();
    fake = new FakeSlack();
    await fake.start();
    const env = loadEnv({
      NAMNDKOLL_DATA: dataDir,
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      OPENAI_BASE_URL: `${stand.url}/v1`,
      LOG_LEVEL: 'silent',
    });
    pipeline = await createPipeline(env);
    app = createSlackApp(env, { pipeline, access: SlackAccess.parse({}), logger, partialUpdateMs: 30 });
    const server = (await app.start(0)) as Server;
    eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await pipeline?.close();
    await fake?.stop();
    await stand.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('appears in the thread as it is written, then as the final message with its sources', async () => {
    const ts = '1800000001.000100';
    const event = { type: 'app_mention', channel: 'CS', user: 'U1', ts, text: '<@UBOT> Hemvårdsnämnden – prognos 2 helår 2022, avvikelse?' };
    const res = await signedPost(eventsUrl, SECRET, eventEnvelope(event, 'Ev00000001'), 'application/json');
    expect(res.status).toBe(200);
    // The channel is this test's alone: every update in it is of the placeholder posted in the thread.
    const updates = () => fake.callsTo('chat.update').filter((c) => c.args.channel === 'CS');
    await fake.waitFor(() => updates().some((c) => Array.isArray(c.args.blocks) && (c.args.blocks as unknown[]).length > 0));
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CS').map((c) => c.args.thread_ts)).toEqual([ts]);

    const all = updates();
    const final = all.at(-1)!;
    const partials = all.slice(0, -1).map((c) => String(c.args.text));
    // Several updates, each a longer prefix of the text, before the final one.
    expect(partials.length).toBeGreaterThanOrEqual(2);
    partials.forEach((p, i) => {
      expect(p.endsWith(' …')).toBe(true);
      if (i) expect(p.length).toBeGreaterThan(partials[i - 1]!.length);
    });
    expect(partials[0]).toMatch(/^Hemvårdsnämnden prognostiserar en avvikelse på -47 699 tkr/);
    // The final message: the whole answer and the Block Kit sources (a section per source, with its button).
    const blocks = final.args.blocks as { type: string; text?: { text: string }; accessory?: { action_id: string } }[];
    expect(blocks[0]!.text!.text).toContain('Siffran kommer från delårsrapportens tabell');
    const source = blocks.find((b) => b.accessory?.action_id.startsWith('namndkoll_show_source'));
    expect(source?.text?.text).toMatch(/s\. \d+/);
    expect(String(final.args.text)).toMatch(/Källor: orebro-programnamnd-social-valfard-delarsrapport-2-2022 s\. \d+/);
    // Nothing arrives after the final message.
    await new Promise((r) => setTimeout(r, 100));
    expect(updates().at(-1)).toBe(final);
  });
});
