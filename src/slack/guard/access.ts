import type { DocumentSummary } from '../../app/pipeline.ts';
import type { DocumentSelector, SlackAccess } from '../../model/slack.ts';
import type { Upload } from '../../store/slack-state.ts';

/** Where a message was written: a channel, or a user's direct messages with the bot. */
export type Where = { kind: 'dm'; user: string } | { kind: 'channel'; id: string };

/** The key uploads are recorded under: the channel id, or `dm:<user>`. */
export function placeOf(where: Where): string {
  return where.kind === 'dm' ? `dm:${where.user}` : where.id;
}

export function channelAllowed(access: SlackAccess, where: Where): boolean {
  return where.kind === 'dm' || access.channels === '*' || access.channels.includes(where.id);
}

/** Whether `user` may share a PDF for the bot to read in this place. */
export function uploadAllowed(access: SlackAccess, where: Where, user: string | undefined): boolean {
  const here = where.kind === 'dm' ? 'dm' : where.id;
  const whereOk = access.uploadChannels === '*' || access.uploadChannels.includes(here);
  const whoOk = access.uploaders === '*' || (user !== undefined && access.uploaders.includes(user));
  return channelAllowed(access, where) && whereOk && whoOk;
}

/**
 * The ids of the documents a channel (or a user's DMs) may see, or null for all (no access file). With an access
 * file nothing is seen unless a set grants it; unknown set names see nothing, so a typo hides rather than exposes.
 * A document shared in Slack is seen where it was shared (unless `uploadsVisible` is `sets`), and elsewhere only
 * where a set names it by id.
 */
export function visibleDocuments(access: SlackAccess, where: Where, docs: readonly DocumentSummary[], uploads: readonly Upload[]): string[] | null {
  if (!access.restricted) return null;
  const setNames = (where.kind === 'dm' ? access.dmSets : access.channelSets[where.id]) ?? [];
  const selectors = setNames.flatMap((name) => access.sets[name] ?? []);
  const place = placeOf(where);
  const sharedAt = new Map<string, Set<string>>();
  for (const u of uploads) sharedAt.set(u.documentId, (sharedAt.get(u.documentId) ?? new Set()).add(u.place));
  return docs
    .filter((d) => {
      const places = sharedAt.get(d.id);
      if (places?.has(place)) return true;
      if (places && access.uploadsVisible === 'channel') return selectors.some((s) => s.documents?.includes(d.id) && matches(s, d));
      return selectors.some((s) => matches(s, d));
    })
    .map((d) => d.id);
}

function matches(s: DocumentSelector, d: DocumentSummary): boolean {
  const eq = (a: string | null | undefined, b: string | undefined) => b === undefined || (a ?? '').toLocaleLowerCase('sv') === b.toLocaleLowerCase('sv');
  if (s.documents && !s.documents.includes(d.id)) return false;
  return eq(d.municipality, s.municipality) && eq(d.committee, s.committee) && eq(d.documentType, s.documentType);
}
