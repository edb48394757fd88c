// Cold start of a generated index, in a process of its own (nothing of the index in this process's memory; the
// file may be in the OS page cache from the run that wrote it): open the database and the store, answer one query.
// Prints JSON. node bin/run-ts.mjs bench/search-cold.ts DATA_DIR QUESTION
import { performance } from 'node:perf_hooks';
import { LocalEmbedder } from '../src/embed/local.ts';
import { HybridSearch } from '../src/search/hybrid.ts';
import { openDatabase } from '../src/store/database.ts';
import { EmbeddedStore } from '../src/store/vector/embedded.ts';

const [dir, question] = process.argv.slice(2);
const t0 = performance.now();
const db = openDatabase(dir!);
const store = new EmbeddedStore(db);
const search = new HybridSearch(store, new LocalEmbedder());
const opened = performance.now() - t0;
const hits = await search.search(question!, { limit: 5 });
const total = performance.now() - t0;
const termStatsCurrent = store.termStatsCurrent();
db.close();
process.stdout.write(`${JSON.stringify({ opened, total, hits: hits.length, termStatsCurrent })}\n`);
