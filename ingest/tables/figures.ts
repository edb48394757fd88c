import type { Figure, Table } from '../../src/model/document.ts';

// STUB: to be replaced by figure extraction (value, unit, row and column label paths).
export function figuresOf(_documentId: string, _table: Table): Figure[] {
  return [];
}
