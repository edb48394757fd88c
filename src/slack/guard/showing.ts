import type { Reply } from '../../app/conversation.ts';
import type { DocumentSummary } from '../../app/pipeline.ts';
import type { SlackContext } from '../app.ts';
import { visibleDocuments, type Where } from './access.ts';

/** The documents this place may read now (null: all), from the access rules and the store as they are now. */
export function readable(ctx: SlackContext, where: Where): string[] | null {
  return visibleDocuments(ctx.access, where, ctx.pipeline.documents(), ctx.state.uploads());
}

/**
 * Checked at the moment a reply is shown: the documents this place may see, or null when the reply shows text from
 * a document it may not (then nothing of it is shown).
 */
export function showable(ctx: SlackContext, where: Where, reply: Reply): DocumentSummary[] | null {
  const ids = readable(ctx, where);
  const all = ctx.pipeline.documents();
  const visible = ids ? all.filter((d) => ids.includes(d.id)) : all;
  const allowed = new Set(visible.map((d) => d.id));
  const shown = documentsShown(reply);
  if (shown === null) return visible;
  return shown.every((id) => allowed.has(id)) ? visible : null;
}

/** The documents whose text a reply shows; null when it shows none of theirs (help). */
function documentsShown(reply: Reply): string[] | null {
  switch (reply.type) {
    case 'answer':
      return reply.answer.citations.map((c) => c.document);
    case 'table':
      return [reply.documentId];
    case 'documents':
      return reply.documents.map((d) => d.id);
    case 'text':
      return reply.documentIds;
    case 'help':
      return null;
  }
}
