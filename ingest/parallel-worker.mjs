// Entry of a parser thread (ingest/parallel.ts). JavaScript, because tsx must be registered here before any
// TypeScript loads: on Node 20 a worker inherits neither the parent's loader hooks nor a working `--import tsx`.
import { register } from 'tsx/esm/api';

// pdf.js is loaded before tsx is registered: through tsx's loader its 3 MB of bundles take about twice as long.
// The built-ins its polyfills replace are kept first, and put back after (ingest/pdf/natives.ts says why).
const kept = { push: Array.prototype.push, parse: JSON.parse };
await import('pdfjs-dist/legacy/build/pdf.mjs');
globalThis.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');

register();
const { restoreNatives } = await import('./pdf/natives.ts');
restoreNatives(kept);
await import('./parallel-thread.ts');
