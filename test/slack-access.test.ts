// Access and uploads of the real Bolt app (HTTP mode, signed requests) against FakeSlack, with an access file's
// rules: every case is asserted on what Slack receives.
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatenatedPdf } from '../bench/slack-load.ts';
import { createPipeline } from '../src/app/create-pipeline.ts';
import type { Pipeline } from '../src/app/pipeline.ts';
import { loadEnv, type Env } from '../src/config/env.ts';
import { logger } from '../src/log/logger.ts';
import { SlackAccess } from '../src/model/slack.ts';
import { createSlackApp } from '../src/slack/app.ts';
import { SAMPLE_PDF_DIR } from '../src/store/ingest-batch.ts';
import { eventEnvelope, FakeSlack, signedPost, type SlackCall } from './helpers/fake-slack.ts';
import { sampleStore } from './helpers/sample-store.ts';

const SECRET = 'access-signing-secret';
const DR2022 = 'orebro-programnamnd-social-valfard-delarsrapport-2-2022';
const VP2024 = 'orebro-socialnamnden-verksamhetsplan-2024';
const ENKOPING = 'enkoping-socialnamnden-namndplan-2024';
const QUESTION = 'Hemvårdsnämnden – prognos 2 helår 2022 budgetavvikelse?';
const FIGURE = /47\s?699/;
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name));

const ACCESS = SlackAccess.parse({
  sets: { orebro: [{ documents: [DR2022, VP2024] }], enkoping: [{ documents: [ENKOPING] }] },
  channelSets: { CORE: ['orebro'], CREST: ['enkoping'], CUP: ['orebro'], CUP2: ['orebro'] },
  dmSets: ['enkoping'],
  admins: ['UADMIN'],
  rateLimitPerMinute: 1000,
  restricted: true,
});

let dataDir: string;
let fake: FakeSlack;
let pipeline: Pipeline;
let app: App & { closeState(): void };
let env: Env;
let eventsUrl: string;
let seq = 0;
const nextTs = () => `${1_810_000_000 + ++seq}.000200`;
const nextEventId = () => `EvA${String(++seq).padStart(8, '0')}`;
const postEvent = (event: Record<string, unknown>, eventId = nextEventId()) => signedPost(eventsUrl, SECRET, eventEnvelope(event, eventId), 'application/json');
const postForm = (fields: Record<string, string>) => signedPost(eventsUrl, SECRET, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');

function textOf(c: SlackCall | undefined): string {
  if (!c) return '';
  return `${String(c.args.text ?? '')}\n${JSON.stringify(c.args.blocks ?? [])}`;
}

/** Everything posted or updated in a channel, as text. */
const allIn = (channel: string) =>
  fake.calls.filter((c) => ['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(c.method) && c.args.channel === channel).map(textOf).join('\n');

/** The final text of the reply to a message: the placeholder in its thread, once replaced. */
async function replyTo(channel: string, threadTs: string): Promise<SlackCall> {
  let found: SlackCall | undefined;
  await fake.waitFor(() => {
    const placeholder = fake.callsTo('chat.postMessage').find((c) => c.args.channel === channel && c.args.thread_ts === threadTs);
    found = placeholder && fake.callsTo('chat.update').find((c) => c.args.channel === channel && c.args.ts === placeholder.ts && !String(c.args.text).startsWith('🔎'));
    return Boolean(found);
  });
  return found!;
}

/** The status message of a file shared after call number `since`, once it says what `done` matches. */
async function fileStatus(channel: string, name: string, since: number, done = /✅|⚠️|största fil/): Promise<SlackCall> {
  let found: SlackCall | undefined;
  await fake.waitFor(() => {
    const posted = fake.calls.slice(since).find((c) => c.method === 'chat.postMessage' && c.args.channel === channel && textOf(c).includes(name));
    if (!posted) return false;
    if (done.test(String(posted.args.text))) return Boolean((found = posted));
    found = fake.calls.filter((c) => c.method === 'chat.update' && c.args.channel === channel && c.args.ts === posted.ts && done.test(String(c.args.text))).at(-1);
    return Boolean(found);
  });
  return found!;
}

function shareEvent(channel: string, user: string, files: unknown[]) {
  return { type: 'message', subtype: 'file_share', channel, channel_type: 'channel', user, ts: nextTs(), text: '', files };
}

function buttonClick(channel: string, user: string, messageTs: string, button: { action_id: string; value: string }) {
  const payload = {
    type: 'block_actions',
    team: { id: 'T1' },
    user: { id: user },
    api_app_id: 'A1',
    channel: { id: channel },
    container: { type: 'message', channel_id: channel, message_ts: messageTs },
    message: { ts: messageTs, type: 'message', text: '' },
    trigger_id: 't',
    response_url: `${fake.url}/respond/x`,
    actions: [{ type: 'button', action_id: button.action_id, block_id: 'b', value: button.value, action_ts: '1' }],
  };
  return postForm({ payload: JSON.stringify(payload) });
}

function buttonsOf(c: SlackCall): { action_id: string; value: string }[] {
  return ((c.args.blocks ?? []) as { type: string; accessory?: { action_id: string; value: string }; elements?: { action_id: string; value: string }[] }[]).flatMap((b) => [
    ...(b.accessory ? [b.accessory] : []),
    ...(b.elements ?? []),
  ]);
}

async function startApp(): Promise<void> {
  app = createSlackApp(env, { pipeline, access: ACCESS, logger });
  const server = (await app.start(0)) as Server;
  eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'namndkoll-slack-access-'));
  await sampleStore(dataDir);
  fake = new FakeSlack();
  await fake.start();
  env = loadEnv({ NAMNDKOLL_DATA: dataDir, SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'silent', NAMNDKOLL_MAX_PAGES: '40' });
  pipeline = await createPipeline(env, { threads: 1 });
  await startApp();
});

afterAll(async () => {
  await app?.stop();
  await pipeline?.close();
  app?.closeState();
  await fake?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('access with an access file (deny by default)', () => {
  it('answers in a listed channel with the figure (the control)', async () => {
    const ts = nextTs();
    await postEvent({ type: 'app_mention', channel: 'CORE', user: 'U1', ts, text: `<@UBOT> ${QUESTION}` });
    expect(textOf(await replyTo('CORE', ts))).toMatch(FIGURE);
  });

  it('shows nothing to a channel the access file does not list', async () => {
    const ts = nextTs();
    await postEvent({ type: 'app_mention', channel: 'CNONE', user: 'U2', ts, text: `<@UBOT> ${QUESTION}` });
    const reply = textOf(await replyTo('CNONE', ts));
    expect(reply).toMatch(/inga dokument/i);
    expect(allIn('CNONE')).not.toMatch(FIGURE);
    expect(allIn('CNONE')).not.toContain(DR2022);
    const cmd = await postForm({ command: '/namndkoll', text: 'dokument', user_id: 'U2', channel_id: 'CNONE', team_id: 'T1', response_url: `${fake.url}/respond/none`, trigger_id: 't' });
    expect(cmd.status).toBe(200);
    await fake.waitFor(() => fake.responses.some((r) => r.path === '/respond/none'));
    const listed = JSON.stringify(fake.responses.filter((r) => r.path === '/respond/none'));
    expect(listed).not.toContain(DR2022);
    expect(listed).not.toContain(ENKOPING);
  });

  it('"Visa källan" clicked in another channel shows nothing of the source; in its own channel, only to the clicker', async () => {
    const ts = nextTs();
    await postEvent({ type: 'app_mention', channel: 'CORE', user: 'U3', ts, text: `<@UBOT> ${QUESTION}` });
    const answer = await replyTo('CORE', ts);
    const source = buttonsOf(answer).find((b) => b.action_id.startsWith('namndkoll_show_source'))!;
    expect(source).toBeDefined();
    const quote = (JSON.parse(source.value) as { quote: string }).quote;

    await buttonClick('CREST', 'U9', String(answer.args.ts), source);
    await fake.waitFor(() => fake.callsTo('chat.postEphemeral').some((c) => c.args.channel === 'CREST'));
    const elsewhere = allIn('CREST');
    expect(elsewhere).toMatch(/inte får visas här/);
    expect(elsewhere).not.toContain(quote.slice(0, 30));
    expect(elsewhere).not.toContain('Delårsrapport');

    // A quote that reads `<!channel>` must not ping the channel: it arrives escaped, and only to the one who clicked.
    const forged = { action_id: source.action_id, value: JSON.stringify({ document: DR2022, page: 1, quote: '<!channel> se hit' }) };
    const before = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CORE').length;
    await buttonClick('CORE', 'U3', String(answer.args.ts), forged);
    await fake.waitFor(() => fake.callsTo('chat.postEphemeral').some((c) => c.args.channel === 'CORE' && c.args.user === 'U3'));
    const shown = fake.callsTo('chat.postEphemeral').filter((c) => c.args.channel === 'CORE' && c.args.user === 'U3').map(textOf).join('\n');
    expect(shown).not.toContain('<!channel>');
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CORE')).toHaveLength(before);
  });

  it('lets a DM see only the dmSets', async () => {
    const ts = nextTs();
    await postEvent({ type: 'message', channel: 'DU4', channel_type: 'im', user: 'U4', ts, text: QUESTION });
    await replyTo('DU4', ts);
    expect(allIn('DU4')).not.toMatch(FIGURE);
    expect(allIn('DU4')).not.toContain(DR2022);
    const ts2 = nextTs();
    await postEvent({ type: 'message', channel: 'DU4', channel_type: 'im', user: 'U4', ts: ts2, text: 'dokument' });
    const list = textOf(await replyTo('DU4', ts2));
    expect(list).toContain(ENKOPING);
    expect(list).not.toContain(DR2022);
    expect(list).not.toContain(VP2024);
  });

  it('keeps a PDF shared in a restricted channel out of every other channel', async () => {
    const file = fake.addFile('enkoping-p1-3.pdf', fixture('enkoping-p1-3.pdf'));
    const since = fake.calls.length;
    await postEvent(shareEvent('CREST', 'U5', [file]));
    expect(String((await fileStatus('CREST', 'enkoping-p1-3', since)).args.text)).toMatch(/✅/);
    const here = nextTs();
    await postEvent({ type: 'app_mention', channel: 'CREST', user: 'U5', ts: here, text: '<@UBOT> dokument' });
    expect(textOf(await replyTo('CREST', here))).toContain('enkoping-p1-3');
    for (const [channel, extra] of [['CORE', {}], ['DU6', { channel_type: 'im' }]] as const) {
      const ts = nextTs();
      await postEvent({ type: channel.startsWith('D') ? 'message' : 'app_mention', channel, user: 'U6', ts, text: channel.startsWith('D') ? 'dokument' : '<@UBOT> dokument', ...extra });
      expect(textOf(await replyTo(channel, ts))).not.toContain('enkoping-p1-3');
    }
  });
});

describe('shared files', () => {
  it('refuses a file announced above the limit without downloading a byte', async () => {
    const big = fake.addAnnouncedFile('jattestor.pdf', 600 * 1024 * 1024);
    const since = fake.calls.length;
    await postEvent(shareEvent('CUP', 'U7', [big]));
    const status = await fileStatus('CUP', 'jattestor.pdf', since);
    expect(String(status.args.text)).toMatch(/600 MB.*50 MB/);
    expect(fake.served.has(big.id)).toBe(false);
  });

  it('stops a download that grows past the limit its declared size hid', async () => {
    const liar = fake.addAnnouncedFile('liten.pdf', 80 * 1024 * 1024, { declared: 1024 * 1024 });
    const since = fake.calls.length;
    await postEvent(shareEvent('CUP', 'U8', [liar]));
    const status = await fileStatus('CUP', 'liten.pdf', since, /⚠️/);
    expect(String(status.args.text)).toMatch(/större än 50 MB/);
    expect(fake.served.get(liar.id)).toBeLessThan(80 * 1024 * 1024);
  });

  it('refuses a PDF with more pages than NAMNDKOLL_MAX_PAGES, naming the count', async () => {
    const samples = (await readdir(SAMPLE_PDF_DIR)).filter((f) => f.endsWith('.pdf')).map((f) => path.join(SAMPLE_PDF_DIR, f));
    const long = fake.addFile('lang.pdf', await concatenatedPdf(samples, env.NAMNDKOLL_MAX_PAGES + 1));
    const since = fake.calls.length;
    await postEvent(shareEvent('CUP', 'U8', [long]));
    const status = String((await fileStatus('CUP', 'lang.pdf', since, /⚠️/)).args.text);
    expect(status).toMatch(new RegExp(`\\d+ sidor, fler än de ${env.NAMNDKOLL_MAX_PAGES}`));
    expect(pipeline.documents(['lang'])).toHaveLength(0);
  });

  it('keeps a file with a taken name but other content as a new document; replaces only on the owner’s or an admin’s word', async () => {
    const first = fake.addFile('protokoll.pdf', fixture('orebro-vp2024-p2-3.pdf'));
    let since = fake.calls.length;
    await postEvent(shareEvent('CUP', 'UA', [first]));
    expect(String((await fileStatus('CUP', 'protokoll.pdf', since)).args.text)).toMatch(/✅/);
    expect(pipeline.documents(['protokoll'])).toHaveLength(1);

    const other = fake.addFile('protokoll.pdf', fixture('enkoping-p4-5.pdf'));
    since = fake.calls.length;
    await postEvent(shareEvent('CUP', 'UB', [other]));
    const status = await fileStatus('CUP', 'protokoll.pdf', since);
    const newId = /sparades som `([^`]+)`/.exec(String(status.args.text))![1]!;
    expect(newId).toMatch(/^protokoll-[0-9a-f]{8}$/);
    expect(pipeline.documents(['protokoll', newId])).toHaveLength(2);

    const replace = buttonsOf(status).find((b) => b.action_id === 'namndkoll_replace_document')!;
    await buttonClick('CUP', 'UB', String(status.args.ts), replace);
    await fake.waitFor(() => fake.callsTo('chat.postEphemeral').some((c) => c.args.user === 'UB' && /Bara den som delade/.test(String(c.args.text))));
    expect(pipeline.documents(['protokoll'])).toHaveLength(1);

    await buttonClick('CUP', 'UA', String(status.args.ts), replace);
    await fake.waitFor(() => fake.callsTo('chat.postMessage').some((c) => /ersätter nu/.test(String(c.args.text))));
    expect(pipeline.documents(['protokoll'])).toHaveLength(0);
    expect(pipeline.documents([newId])).toHaveLength(1);

    // The same content again, under any name, is the same document.
    const again = fake.addFile('kopia.pdf', fixture('enkoping-p4-5.pdf'));
    since = fake.calls.length;
    await postEvent(shareEvent('CUP', 'UC', [again]));
    const same = String((await fileStatus('CUP', 'kopia.pdf', since)).args.text);
    expect(same).toMatch(/oförändrad/);
    expect(same).toContain(newId);
  });

  it('reads two files shared at once one after the other, telling the second its place', async () => {
    const a = fake.addFile('samtidigt-a.pdf', fixture('enkoping-p1-3.pdf'));
    const b = fake.addFile('samtidigt-b.pdf', fixture('orebro-vp2024-p2-3.pdf'));
    const since = fake.calls.length;
    await Promise.all([postEvent(shareEvent('CUP2', 'UD', [a])), postEvent(shareEvent('CUP2', 'UE', [b]))]);
    await fileStatus('CUP2', 'samtidigt-a', since, /✅|⚠️/);
    await fileStatus('CUP2', 'samtidigt-b', since, /✅|⚠️/);
    const said = allIn('CUP2');
    expect(said).toMatch(/står i kö för inläsning: plats 2/);
    expect(said).not.toMatch(/⚠️|transaction/);
  });

  it('lets a file whose download failed be tried again', async () => {
    const flaky = fake.addFile('ostadig.pdf', fixture('enkoping-p4-5.pdf').subarray(0), { failures: 1 });
    let since = fake.calls.length;
    await postEvent(shareEvent('CUP', 'UF', [flaky]));
    const failed = await fileStatus('CUP', 'ostadig.pdf', since, /⚠️/);
    expect(String(failed.args.text)).toMatch(/HTTP 500/);
    const retry = buttonsOf(failed).find((b) => b.action_id === 'namndkoll_retry_file')!;
    since = fake.calls.length;
    await buttonClick('CUP', 'UF', String(failed.args.ts), retry);
    // Same content as a stored document: it is recognised, not stored twice.
    const ok = await fileStatus('CUP', 'ostadig.pdf', since, /✅/);
    expect(String(ok.args.text)).toMatch(/oförändrad/);
    expect(fake.served.get(flaky.id)).toBeGreaterThan(0);
  });

  it('remembers handled events and files across a restart', async () => {
    const ts = nextTs();
    const eventId = nextEventId();
    const mention = { type: 'app_mention', channel: 'CORE', user: 'UR', ts, text: `<@UBOT> ${QUESTION}` };
    await postEvent(mention, eventId);
    await replyTo('CORE', ts);
    const file = fake.addFile('omstart.pdf', fixture('enkoping-p1-3.pdf'));
    const share = shareEvent('CUP', 'UR', [file]);
    const since = fake.calls.length;
    await postEvent(share, `${eventId}f`);
    await fileStatus('CUP', 'omstart.pdf', since, /✅/);

    await app.stop();
    app.closeState();
    await startApp();
    const posted = fake.callsTo('chat.postMessage').length;
    await postEvent(mention, eventId);
    // Another event id (Slack's retry after the restart would keep it; a second delivery might not): the message's ts and the file id still match.
    await postEvent(mention);
    await postEvent({ ...share, ts: nextTs() });
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.callsTo('chat.postMessage').length).toBe(posted);
  });
});
