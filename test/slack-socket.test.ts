// The bot in Socket Mode: the real Bolt app connects to a local WebSocket server speaking Slack's Socket Mode
// protocol (apps.connections.open on FakeSlack hands out its address; hello, envelopes, acknowledgements).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPipeline } from '../src/app/create-pipeline.ts';
import type { Pipeline } from '../src/app/pipeline.ts';
import { loadEnv } from '../src/config/env.ts';
import { logger } from '../src/log/logger.ts';
import { SlackAccess } from '../src/model/slack.ts';
import { createSlackApp } from '../src/slack/app.ts';
import { eventEnvelope, FakeSlack, FakeSocketMode } from './helpers/fake-slack.ts';
import { sampleStore } from './helpers/sample-store.ts';

let dataDir: string;
let fake: FakeSlack;
let socket: FakeSocketMode;
let pipeline: Pipeline;
let app: ReturnType<typeof createSlackApp>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'namndkoll-slack-socket-'));
  await sampleStore(dataDir);
  fake = new FakeSlack();
  await fake.start();
  socket = new FakeSocketMode();
  await socket.start();
  fake.socketUrl = socket.url;
  const env = loadEnv({ NAMNDKOLL_DATA: dataDir, SLACK_BOT_TOKEN: fake.botToken, SLACK_APP_TOKEN: 'xapp-1-test', SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'silent' });
  pipeline = await createPipeline(env, { threads: 1 });
  app = createSlackApp(env, { pipeline, access: SlackAccess.parse({}), logger });
  await app.start();
  await socket.whenConnected();
});

afterAll(async () => {
  await app?.stop();
  await pipeline?.close();
  app?.closeState();
  await socket?.stop();
  await fake?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it('acknowledges a mention’s envelope and answers it in its thread', async () => {
  expect(fake.callsTo('apps.connections.open').at(-1)?.token).toBe('xapp-1-test');
  const ts = '1820000000.000100';
  const envelope = socket.sendEvent(
    eventEnvelope({ type: 'app_mention', channel: 'CSOCK', user: 'U1', ts, text: '<@UBOT> Hemvårdsnämnden – prognos 2 helår 2022 budgetavvikelse?' }, 'EvSocket1'),
  );
  await fake.waitFor(() => socket.acks.includes(envelope) && fake.callsTo('chat.update').some((c) => c.args.channel === 'CSOCK' && !String(c.args.text).startsWith('🔎')));
  const placeholder = fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'CSOCK')!;
  expect(placeholder.args.thread_ts).toBe(ts);
  const answer = fake.callsTo('chat.update').find((c) => c.args.channel === 'CSOCK' && c.args.ts === placeholder.ts && !String(c.args.text).startsWith('🔎'))!;
  expect(JSON.stringify(answer.args.blocks)).toMatch(/47\s?699/);
});
