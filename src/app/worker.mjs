// Entry of a pool thread (src/app/worker-pool.ts).
import { startThread } from '../../ingest/thread-entry.mjs';

await startThread(new URL('./worker-thread.ts', import.meta.url).href);
