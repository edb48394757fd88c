import type { Knowledge } from './knowledge.ts';
import { retrieve } from './retrieve.ts';
import type { Route } from './router.ts';
import type { Scope } from './scope.ts';

/**
 * How many documents a question reads whole (their tables' rows, their figures, a model's list of sources). A
 * question whose scope is more (a whole archive, every plan of a committee over twenty years) reads the ones search
 * finds its words in, best first: the answer then costs the same at 10 000 documents as at 40.
 */
export const READ_LIMIT = 40;

/** The scope, or the part of it a question can read: the documents of its best search hits. */
export async function readableScope(knowledge: Knowledge, route: Route, scope: Scope): Promise<Scope> {
  if (scope.documents.length <= READ_LIMIT) return scope;
  const hits = await retrieve(knowledge, route, scope, 4 * READ_LIMIT);
  const keep = new Set<string>();
  for (const h of hits) if (keep.size < READ_LIMIT) keep.add(h.chunk.documentId);
  // Nothing found: the documents that fit the question's years and names best.
  if (!keep.size) {
    const best = [...scope.documents].sort((a, b) => (scope.preference.get(b.id) ?? 0) - (scope.preference.get(a.id) ?? 0));
    for (const d of best.slice(0, READ_LIMIT)) keep.add(d.id);
  }
  return { ...scope, documents: scope.documents.filter((d) => keep.has(d.id)) };
}
