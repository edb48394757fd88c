import { databasePath } from '../store/database.ts';
import { DocumentStore } from '../store/documents/store.ts';
import { CommandError } from './errors.ts';

/** The store in `dataDir` for commands that need documents; a missing store says how to add some. */
export function openStoredDocuments(dataDir: string): DocumentStore {
  const store = DocumentStore.openExisting(dataDir);
  if (!store) throw new CommandError(`no documents stored in ${databasePath(dataDir)}; add some with: namndkoll ingest PATH…`);
  return store;
}
