#!/usr/bin/env node
// The `namndkoll` command. Loads the TypeScript sources through tsx, so `npx namndkoll` works right after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
