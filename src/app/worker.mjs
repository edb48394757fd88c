// Entry of a pool thread (src/app/worker-pool.ts). JavaScript, because tsx must be registered here before any
// TypeScript loads: on Node 20 a worker inherits neither the parent's loader hooks nor a working `--import tsx`.
import { register } from 'tsx/esm/api';

// As in ingest/parallel-worker.mjs: pdf.js first (faster outside tsx's loader), then the built-ins it replaced put back.
const kept = { push: Array.prototype.push, parse: JSON.parse };
await import('pdfjs-dist/legacy/build/pdf.mjs');
globalThis.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');

register();
const { restoreNatives } = await import('../../ingest/pdf/natives.ts');
restoreNatives(kept);
await import('./worker-thread.ts');
