import type { DocumentSummary } from '../../app/pipeline.ts';
import type { DocumentSelector, SlackAccess } from '../../model/slack.ts';

export type Where = { kind: 'dm' } | { kind: 'channel'; id: string };

export function channelAllowed(access: SlackAccess, where: Where): boolean {
  return where.kind === 'dm' || access.channels === '*' || access.channels.includes(where.id);
}

/**
 * The ids of the documents a channel (or DMs) may see, or null for all. Unknown set names see nothing, so a typo
 * in the configuration hides documents rather than exposing them.
 */
export function visibleDocuments(access: SlackAccess, where: Where, docs: readonly DocumentSummary[]): string[] | null {
  const setNames = where.kind === 'dm' ? access.dmSets : access.channelSets[where.id];
  if (!setNames) return null;
  const selectors = setNames.flatMap((name) => access.sets[name] ?? []);
  return docs.filter((d) => selectors.some((s) => matches(s, d))).map((d) => d.id);
}

function matches(s: DocumentSelector, d: DocumentSummary): boolean {
  const eq = (a: string | null | undefined, b: string | undefined) => b === undefined || (a ?? '').toLocaleLowerCase('sv') === b.toLocaleLowerCase('sv');
  if (s.documents && !s.documents.includes(d.id)) return false;
  return eq(d.municipality, s.municipality) && eq(d.committee, s.committee) && eq(d.documentType, s.documentType);
}
