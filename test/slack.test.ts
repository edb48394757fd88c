// The real Bolt app in HTTP mode with a real signing secret, against FakeSlack (a local server speaking Slack's Web
// API), over a real store ingested from the project's sample corpus.
import { readFileSync } from 'node:fs';
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
import { DocumentStore } from '../src/store/documents/store.ts';
import { FeedbackStore } from '../src/store/feedback.ts';
import { eventEnvelope, FakeSlack, signedPost } from './helpers/fake-slack.ts';
import { sampleStore } from './helpers/sample-store.ts';

const SECRET = 'test-signing-secret';
const DR2022 = 'orebro-programnamnd-social-valfard-delarsrapport-2-2022';
const ENKOPING_CHANNEL = 'CENKOPING';

let dataDir: string;
let fake: FakeSlack;
let pipeline: Pipeline;
let app: App & { closeState(): void };
let eventsUrl: string;
let seq = 0;

const nextTs = () => `${1_800_000_000 + ++seq}.000200`;
const nextEventId = () => `Ev${String(++seq).padStart(8, '0')}`;
const postEvent = (event: Record<string, unknown>, eventId = nextEventId(), headers?: Record<string, string>) =>
  signedPost(eventsUrl, SECRET, eventEnvelope(event, eventId), 'application/json', { headers });
const postForm = (fields: Record<string, string>) => signedPost(eventsUrl, SECRET, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');

/** The text of every block of a chat.update/postMessage call, joined. */
function blockText(args: Record<string, unknown>): string {
  const blocks = (args.blocks ?? []) as { text?: { text?: string }; elements?: { text?: { text?: string } }[] }[];
  return [String(args.text ?? ''), ...blocks.map((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text?.text ?? '')].join(' '))].join('\n');
}

const updatesIn = (channel: string) => fake.callsTo('chat.update').filter((c) => c.args.channel === channel);
const finalUpdate = (channel: string, ts: string) => fake.callsTo('chat.update').filter((c) => c.args.channel === channel && c.args.ts === ts).at(-1);

/** Waits until the placeholder posted in a thread has been replaced by the answer. */
async function answerIn(channel: string, threadTs: string): Promise<Record<string, unknown>> {
  let placeholderTs = '';
  await fake.waitFor(() => {
    const posted = fake.callsTo('chat.postMessage').find((c) => c.args.channel === channel && c.args.thread_ts === threadTs);
    if (!posted) return false;
    const idx = fake.calls.indexOf(posted);
    const reply = fake.calls.slice(idx + 1).find((c) => c.method === 'chat.update' && c.args.channel === channel && !String(c.args.text).startsWith('🔎'));
    if (reply) placeholderTs = String(reply.args.ts);
    return Boolean(reply);
  });
  return finalUpdate(channel, placeholderTs)!.args;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'namndkoll-slack-'));
  await sampleStore(dataDir);

  fake = new FakeSlack();
  await fake.start();
  const env = loadEnv({ NAMNDKOLL_DATA: dataDir, SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'silent' });
  pipeline = await createPipeline(env, { threads: 1 });
  const all = Object.fromEntries(['CQ', 'CF', 'CS', 'CB', 'CR', 'CU'].map((c) => [c, ['all']]));
  const access = SlackAccess.parse({
    sets: { enkoping: [{ municipality: 'Enköping' }], all: [{}] },
    channelSets: { ...all, [ENKOPING_CHANNEL]: ['enkoping'] },
    rateLimitPerMinute: 100,
    restricted: true,
  });
  app = createSlackApp(env, { pipeline, access, logger });
  const server = (await app.start(0)) as Server;
  eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});

afterAll(async () => {
  await app?.stop();
  await pipeline?.close();
  app?.closeState();
  await fake?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('Slack bot over HTTP', () => {
  it('answers Slack’s URL verification', async () => {
    const res = await signedPost(eventsUrl, SECRET, JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' }), 'application/json');
    expect(res.status).toBe(200);
    expect(res.text).toContain('abc123');
  });

  it('rejects a bad signature and a stale timestamp', async () => {
    const body = eventEnvelope({ type: 'app_mention', channel: 'C1', user: 'U1', text: '<@UBOT> hej', ts: nextTs() }, nextEventId());
    const forged = await signedPost(eventsUrl, SECRET, body, 'application/json', { signature: `v0=${'0'.repeat(64)}` });
    expect(forged.status).toBe(401);
    const wrongSecret = await signedPost(eventsUrl, 'another-secret', body, 'application/json');
    expect(wrongSecret.status).toBe(401);
    const stale = await signedPost(eventsUrl, SECRET, body, 'application/json', { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    expect(stale.status).toBe(401);
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C1')).toHaveLength(0);
  });

  it('answers a mention in its thread with the figure, its source, and a chart', async () => {
    const ts = nextTs();
    const res = await postEvent({ type: 'app_mention', channel: 'CQ', user: 'U1', ts, text: '<@UBOT> Vilka driftsnämnder prognostiserar underskott i DR2 2022 och hur mycket blir det sammanlagt?' });
    expect(res.status).toBe(200);
    const answer = await answerIn('CQ', ts);
    const text = blockText(answer);
    expect(text).toMatch(/47\s?699/);
    expect(text).toMatch(/51\s?891/);
    expect(text).toMatch(/Delårsrapport med prognos 2 2022/);
    expect(text).toMatch(/s\. 3[34]/);
    const blocks = answer.blocks as { type: string; elements?: { action_id?: string }[] }[];
    expect(blocks.some((b) => b.type === 'actions' && b.elements?.some((e) => e.action_id?.startsWith('namndkoll_feedback')))).toBe(true);

    await fake.waitFor(() => fake.callsTo('files.completeUploadExternal').length > 0);
    const upload = fake.callsTo('files.completeUploadExternal').at(-1)!;
    expect(upload.args.channel_id).toBe('CQ');
    expect(upload.args.thread_ts).toBe(ts);
    const png = fake.uploads.at(-1)!.bytes;
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('understands a follow-up in the thread', async () => {
    const ts = nextTs();
    await postEvent({ type: 'app_mention', channel: 'CF', user: 'U2', ts, text: '<@UBOT> Hemvårdsnämnden – prognos 2 helår 2022 budgetavvikelse?' });
    const first = blockText(await answerIn('CF', ts));
    expect(first).toMatch(/47\s?699/);
    const followTs = nextTs();
    await postEvent({ type: 'message', channel: 'CF', channel_type: 'channel', user: 'U2', ts: followTs, thread_ts: ts, text: 'vilken sida?' });
    await fake.waitFor(() => updatesIn('CF').some((c) => String(c.args.text).includes('Källorna till förra svaret')));
    const pages = updatesIn('CF').find((c) => String(c.args.text).includes('Källorna till förra svaret'))!;
    expect(String(pages.args.text)).toMatch(new RegExp(`${DR2022}, s\\. 3[34]`));
    // Posted in the same thread as the question.
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CF').every((c) => c.args.thread_ts === ts)).toBe(true);
  });

  it('handles the slash command with an ephemeral answer through the response URL', async () => {
    const res = await postForm({
      command: '/namndkoll',
      text: 'dokument',
      user_id: 'U3',
      channel_id: 'CS',
      team_id: 'T1',
      response_url: `${fake.url}/respond/1`,
      trigger_id: 't1',
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).response_type).toBe('ephemeral');
    await fake.waitFor(() => fake.responses.some((r) => r.path === '/respond/1'));
    const reply = fake.responses.find((r) => r.path === '/respond/1')!.body;
    expect(reply.response_type).toBe('ephemeral');
    expect(blockText(reply)).toContain(DR2022);
    expect(blockText(reply)).toMatch(/Enköping/);
  });

  it('stores a feedback click with the question, the answer and its sources', async () => {
    const ts = nextTs();
    await postEvent({ type: 'app_mention', channel: 'CB', user: 'U4', ts, text: '<@UBOT> Vårdboendenämndens förbrukning i % jan–aug 2022?' });
    const answer = await answerIn('CB', ts);
    const actions = (answer.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions')!;
    const up = actions.elements!.find((e) => e.action_id.endsWith('_up'))!;
    const payload = {
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'U4' },
      api_app_id: 'A1',
      channel: { id: 'CB' },
      container: { type: 'message', channel_id: 'CB', message_ts: String(answer.ts) },
      message: { ts: String(answer.ts), thread_ts: ts, type: 'message', text: '' },
      trigger_id: 't2',
      response_url: `${fake.url}/respond/2`,
      actions: [{ type: 'button', action_id: up.action_id, block_id: 'b', value: up.value, action_ts: '1' }],
    };
    const res = await postForm({ payload: JSON.stringify(payload) });
    expect(res.status).toBe(200);
    await fake.waitFor(() => fake.callsTo('chat.postEphemeral').some((c) => c.args.channel === 'CB'));
    const stored = new FeedbackStore(DocumentStore.open(dataDir).db).all();
    const f = stored.find((x) => x.channel === 'CB')!;
    expect(f.rating).toBe('up');
    expect(f.question).toMatch(/Vårdboendenämndens förbrukning/);
    expect(f.answer).toMatch(/150/);
    expect(f.sources.some((s) => s.document === DR2022)).toBe(true);
  });

  it('does not let a channel see documents outside its sets', async () => {
    const ts = nextTs();
    await postEvent({ type: 'app_mention', channel: ENKOPING_CHANNEL, user: 'U5', ts, text: '<@UBOT> Hemvårdsnämnden – prognos 2 helår 2022 budgetavvikelse?' });
    const answer = await answerIn(ENKOPING_CHANNEL, ts);
    const text = blockText(answer);
    expect(text).not.toMatch(/47\s?699/);
    expect(text).not.toContain('Delårsrapport med prognos');
    expect(JSON.stringify(answer.blocks)).not.toContain(DR2022);
  });

  it('answers a retried event once', async () => {
    const ts = nextTs();
    const eventId = nextEventId();
    const event = { type: 'app_mention', channel: 'CR', user: 'U6', ts, text: '<@UBOT> Vilken befolkning bedömer VP 2024 för 2024?' };
    await postEvent(event, eventId);
    await postEvent(event, eventId, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    await answerIn('CR', ts);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CR')).toHaveLength(1);
  });

  it('ingests a PDF shared in a channel and replies with what it found', async () => {
    const file = fake.addFile('orebro-vp2024-p2-3.pdf', readFileSync(path.join(import.meta.dirname, 'fixtures/orebro-vp2024-p2-3.pdf')));
    const ts = nextTs();
    await postEvent({ type: 'message', subtype: 'file_share', channel: 'CU', channel_type: 'channel', user: 'U7', ts, text: '', files: [file] });
    await fake.waitFor(() => updatesIn('CU').some((c) => /inläst|Kunde inte/.test(String(c.args.text))));
    const done = updatesIn('CU').find((c) => /inläst|Kunde inte/.test(String(c.args.text)))!;
    expect(String(done.args.text)).toMatch(/✅/);
    expect(String(done.args.text)).toMatch(/2 sidor/);
    expect(pipeline.documents().some((d) => d.id === 'orebro-vp2024-p2-3')).toBe(true);

    const bad = fake.addFile('broken.pdf', Buffer.from('this is not a pdf'));
    const ts2 = nextTs();
    await postEvent({ type: 'message', subtype: 'file_share', channel: 'CU', channel_type: 'channel', user: 'U7', ts: ts2, text: '', files: [bad] });
    await fake.waitFor(() => updatesIn('CU').some((c) => String(c.args.text).includes('Kunde inte läsa in broken.pdf')));
    const err = updatesIn('CU').find((c) => String(c.args.text).includes('Kunde inte läsa in broken.pdf'))!;
    expect(String(err.args.text)).toMatch(/not a PDF/);
  });
});
