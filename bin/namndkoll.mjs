#!/usr/bin/env node
// The `namndkoll` command. Loads the TypeScript sources through tsx, so `npx namndkoll` works right after `npm install`.
import { register } from 'tsx/esm/api';

register();
// Keep the native Array.prototype.push and JSON.parse before pdf.js's legacy build polyfills them (see natives.ts).
await import('../ingest/pdf/natives.ts');
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
