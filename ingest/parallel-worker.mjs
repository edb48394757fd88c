// Entry of a parser thread (ingest/parallel.ts).
import { startThread } from './thread-entry.mjs';

await startThread(new URL('./parallel-thread.ts', import.meta.url).href);
