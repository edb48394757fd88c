import type { MergedTable, PageTable } from './types.ts';

// STUB: no cross-page merging yet; each page table stands alone.
export function mergeAcrossPages(tables: PageTable[]): MergedTable[] {
  return tables.map((t) => ({
    pages: [t.page],
    header: t.header,
    rows: t.rows,
    rowKinds: t.rowKinds,
    rowPages: t.rows.map(() => t.page),
    caption: t.caption,
    unit: t.unit,
    firstBbox: t.bbox,
  }));
}
