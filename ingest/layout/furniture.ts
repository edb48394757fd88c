import type { PageContent } from '../pdf/types.ts';

// STUB: to be replaced by running header/footer and page-number removal.
export function stripFurniture(pages: PageContent[]): { pages: PageContent[]; furniture: string[] } {
  return { pages, furniture: [] };
}
