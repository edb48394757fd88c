import type { RowKind } from '../../src/model/document.ts';
import type { Rect } from '../pdf/types.ts';

/** A table as found on one page, before tables continued over pages are merged. */
export interface PageTable {
  page: number;
  bbox: Rect;
  /** Header rows; a spanning header cell is repeated over every column it covers. */
  header: string[][];
  /** Body rows, label first, `""` for empty cells, all of the table's width. */
  rows: string[][];
  rowKinds: RowKind[];
  /** Column extents (x0, x1) in points, so a continuation on the next page can be recognised. */
  columns: { x0: number; x1: number }[];
  /** The caption or heading printed just above the table, if one is close. */
  caption: string | null;
  /** Unit stated for the whole table (`Belopp i tkr`, `mnkr`), if any. */
  unit: string | null;
  source: 'tags' | 'geometry';
}

/** A table after merging continuations: the rows keep the page they are printed on. */
export interface MergedTable {
  pages: number[];
  header: string[][];
  rows: string[][];
  rowKinds: RowKind[];
  rowPages: number[];
  caption: string | null;
  unit: string | null;
  /** Position on its first page, to find the section it belongs to. */
  firstBbox: Rect;
}
