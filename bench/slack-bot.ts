// The bot of the load run (bench/slack-load.ts) in a process of its own, as it runs in production: the Web API
// stand-in and the senders of events stay in the parent, so that the bot's acknowledgements and memory are its own.
// Started with fork(); tells its parent its port when its answer threads are warm, and its RSS as it goes.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createPipeline } from '../src/app/create-pipeline.ts';
import { loadEnv } from '../src/config/env.ts';
import { logger } from '../src/log/logger.ts';
import { SlackAccess } from '../src/model/slack.ts';
import { createSlackApp } from '../src/slack/app.ts';

const send = (m: unknown) => process.send?.(m);
const env = loadEnv();
const threads = Number(process.env.LOAD_THREADS);
const warm = process.env.LOAD_WARM_QUESTION ?? '';
let peak = process.memoryUsage.rss();
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
const pipeline = await createPipeline(env, { threads });
const app = createSlackApp(env, { pipeline, access: SlackAccess.parse({ rateLimitPerMinute: 100 }), logger });
const server = (await app.start(0)) as Server;
// Warm: each answer thread has loaded the store once, as in a bot that has been running.
await Promise.all(Array.from({ length: threads }, () => pipeline.ask(warm)));
send({ type: 'ready', port: (server.address() as AddressInfo).port });
// The longest this process's main thread was held up, from the parent's 'measure' to 'stop'.
const loop = monitorEventLoopDelay({ resolution: 10 });
process.on('message', (m: { type: string }) => {
  if (m.type === 'measure') return void loop.enable();
  if (m.type !== 'stop') return;
  void (async () => {
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss());
    await app.stop();
    await pipeline.close();
    app.closeState();
    loop.disable();
    send({ type: 'stopped', peakRss: peak, loopDelayMaxMs: loop.max / 1e6 });
    process.exit(0);
  })();
});
