import type { Line } from '../layout/lines.ts';
import type { PageContent, StructNode } from '../pdf/types.ts';
import type { PageTable } from './types.ts';

// STUB: to be replaced by the tagged-table extraction.
export function hasTableTags(struct: StructNode): boolean {
  return struct.role === 'Table' || struct.children.some(hasTableTags);
}

export function extractTaggedTables(_page: PageContent, _lines: Line[]): PageTable[] {
  return [];
}
