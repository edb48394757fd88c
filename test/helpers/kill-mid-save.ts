// Run as a child process by test/store.test.ts: opens a store, starts saving a document and is killed with SIGKILL
// before the transaction commits: a real interrupted ingest.
import { readFileSync } from 'node:fs';
import { DocumentStore } from '../../src/store/documents/store.ts';

const [dataDir, docFile] = process.argv.slice(2);
const store = DocumentStore.open(dataDir!);
const doc = JSON.parse(readFileSync(docFile!, 'utf8'));
await store.transaction(async () => {
  store.save(doc);
  process.stdout.write('saved, not committed\n');
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.kill(process.pid, 'SIGKILL');
});
