#!/usr/bin/env node
// Runs a TypeScript entry point through tsx's loader, so that users need no build step.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

register();
// Keep the native Array.prototype.push and JSON.parse before pdf.js's legacy build polyfills them (see natives.ts).
await import('../ingest/pdf/natives.ts');
const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error('usage: run-ts.mjs FILE.ts [args…]');
  process.exit(2);
}
process.argv = [process.argv[0], entry, ...rest];
await import(pathToFileURL(path.resolve(entry)).href);
