import type { ScoredChunk } from '../model/chunk.ts';
import type { Knowledge } from './knowledge.ts';
import type { Route } from './router.ts';
import type { Scope } from './scope.ts';

/** Retrieval for a question, restricted to its scope. */
export async function retrieve(knowledge: Knowledge, route: Route, scope: Scope, limit = 30): Promise<ScoredChunk[]> {
  const all = knowledge.documents().length;
  const filter = scope.documents.length < all ? { documentId: scope.documents.map((d) => d.id) } : undefined;
  return knowledge.search(route.query, filter, limit);
}
