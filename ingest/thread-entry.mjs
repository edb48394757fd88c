// The start of every worker thread (parser threads, the bot's answer and ingest threads). JavaScript, because tsx
// must be registered here before any TypeScript loads: on Node 20 a worker inherits neither the parent's loader hooks
// nor a working `--import tsx`.
import { register } from 'tsx/esm/api';

/** Loads pdf.js, registers tsx, puts back the built-ins pdf.js replaced, then loads the thread's own module. */
export async function startThread(moduleUrl) {
  // pdf.js is loaded before tsx is registered: through tsx's loader its 3 MB of bundles take about twice as long.
  // The built-ins its polyfills replace are kept first, and put back after (ingest/pdf/natives.ts says why).
  const kept = { push: Array.prototype.push, parse: JSON.parse };
  await import('pdfjs-dist/legacy/build/pdf.mjs');
  globalThis.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  register();
  const { restoreNatives } = await import('./pdf/natives.ts');
  restoreNatives(kept);
  await import(moduleUrl);
}
