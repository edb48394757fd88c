import type { Figure, Table } from '../../src/model/document.ts';

/** A relation must hold in at least this share of the places it can be checked to count as the table's own. */
const MIN_AGREEMENT = 0.6;
/** …and in at least this many places. */
const MIN_CHECKS = 3;

const DIFFERENCE_HEADER = /förändr|avvik|differens|skillnad|diff\b/i;
const SUM_LABEL = /^(summa|totalt?|total|s:a|netto|resultat)\b/i;

type Grid = (Figure | undefined)[][];

/**
 * Checks OCR'd numbers against the arithmetic the table itself keeps: sum rows (`Totalt`, `Summa`, rows marked
 * `total`) against the rows above them, and a difference column (`Avvikelse`, `Förändring`) against the two columns
 * it is the difference of. Which rows and columns relate is learnt from the table (the relation must hold in most
 * places), so a misread shows up as the exception. A figure that breaks a relation gets `uncertain` set to why; where
 * one cell explains both a row and a column failure, only that cell is flagged.
 */
export function checkArithmetic(table: Table, figures: readonly Figure[]): Figure[] {
  const grid: Grid = table.rows.map(() => []);
  for (const f of figures) if (grid[f.row]) grid[f.row]![f.col] = f;
  const width = Math.max(0, ...table.rows.map((r) => r.length));
  const headerOf = (c: number) => table.header.map((h) => h[c] ?? '').filter(Boolean).join(' ') || `column ${c + 1}`;

  const rowFails = differenceFailures(table, grid, width, headerOf);
  const colFails = sumFailures(table, grid, width);

  const reasons = new Map<Figure, string[]>();
  const flag = (f: Figure | undefined, why: string) => {
    if (!f) return;
    reasons.set(f, [...(reasons.get(f) ?? []), why]);
  };
  for (const fail of rowFails) {
    // The one cell of the three whose column also fails its sum is the likely misread; else the one cell whose
    // reading, with a typical OCR slip undone (a lost decimal comma or minus), makes the row add up.
    let culprits = fail.cells.filter((f) => f && colFails.some((c) => c.col === f.col && c.rows.includes(f.row)));
    if (culprits.length !== 1) culprits = fail.cells.filter((f) => f && fail.repairs?.has(f));
    for (const f of culprits.length === 1 ? culprits : fail.cells) flag(f, fail.why);
  }
  for (const fail of colFails) {
    const culprits = fail.cells.filter((f) => f && rowFails.some((r) => r.cells.includes(f)));
    for (const f of culprits.length ? culprits : fail.cells) flag(f, fail.why);
  }
  return figures.map((f) => {
    const why = reasons.get(f);
    return why ? { ...f, uncertain: [f.uncertain, ...why].filter(Boolean).join('; ') } : f;
  });
}

interface Failure {
  cells: (Figure | undefined)[];
  why: string;
  /** Cells whose value, read with a typical OCR slip undone, would satisfy the relation. */
  repairs?: Set<Figure>;
}

/** A lost or extra decimal comma, a lost minus. */
const SLIPS = [(v: number) => v / 10, (v: number) => v / 100, (v: number) => v * 10, (v: number) => -v];

/** Rows where a difference column does not equal the difference of the two columns it is, for most rows, made of. */
function differenceFailures(table: Table, grid: Grid, width: number, headerOf: (c: number) => string): Failure[] {
  const cols = Array.from({ length: width }, (_, c) => c).filter((c) => c > 0);
  let best: { d: number; a: number; b: number; score: number } | null = null;
  for (const d of cols) {
    for (const a of cols) {
      for (const b of cols) {
        if (a === b || a === d || b === d) continue;
        let held = 0;
        let checked = 0;
        grid.forEach((row, r) => {
          if (table.rowKinds[r] === 'group') return;
          const [fd, fa, fb] = [row[d], row[a], row[b]];
          if (!fd || !fa || !fb) return;
          checked += 1;
          if (close(fa.value - fb.value, fd.value, ulp(fd, fa, fb))) held += 1;
        });
        // Prefer the relation that holds most often; a zero column trivially "holds", so require non-zero differences.
        const nonTrivial = grid.some((row) => row[d] && row[d]!.value !== 0);
        // D = A − B and A = D + B hold together; the column headed as a difference is the one to name.
        const score = held + (DIFFERENCE_HEADER.test(headerOf(d)) ? 0.5 : 0);
        if (nonTrivial && checked >= MIN_CHECKS && held / checked >= MIN_AGREEMENT && (!best || score > best.score)) {
          best = { d, a, b, score };
        }
      }
    }
  }
  if (!best) return [];
  const { d, a, b } = best;
  const out: Failure[] = [];
  grid.forEach((row, r) => {
    const [fd, fa, fb] = [row[d], row[a], row[b]];
    if (!fd || !fa || !fb || table.rowKinds[r] === 'group') return;
    const step = ulp(fd, fa, fb);
    if (close(fa.value - fb.value, fd.value, step)) return;
    const repairs = new Set<Figure>();
    for (const slip of SLIPS) {
      if (close(fa.value - fb.value, slip(fd.value), step)) repairs.add(fd);
      if (close(slip(fa.value) - fb.value, fd.value, step)) repairs.add(fa);
      if (close(fa.value - slip(fb.value), fd.value, step)) repairs.add(fb);
    }
    out.push({
      repairs,
      cells: [fd, fa, fb],
      why: `${headerOf(a)} − ${headerOf(b)} = ${fmt(fa.value - fb.value)}, but ${headerOf(d)} reads ${fd.raw} (row ${r + 1}: OCR may have misread one of them)`,
    });
  });
  return out;
}

/** Sum rows whose cells are not the sum of the rows they total, for the columns where most sums do hold. */
function sumFailures(table: Table, grid: Grid, width: number): (Failure & { col: number; rows: number[] })[] {
  const totals = table.rows.map((r, i) => (table.rowKinds[i] === 'total' || SUM_LABEL.test((r[0] ?? '').trim()) ? i : -1)).filter((i) => i >= 0);
  const out: (Failure & { col: number; rows: number[] })[] = [];
  let start = 0;
  for (const t of totals) {
    const block = range(start, t).filter((r) => table.rowKinds[r] !== 'group' && !totals.includes(r));
    // Either the rows since the previous sum row, or everything above (a grand total over subtotals' rows).
    const candidates = [block, range(0, t).filter((r) => table.rowKinds[r] !== 'group' && !totals.includes(r))];
    let chosen: number[] | null = null;
    let held = 0;
    let checked = 0;
    for (const rows of candidates) {
      let h = 0;
      let n = 0;
      for (let c = 1; c < width; c++) {
        const total = grid[t]?.[c];
        const parts = rows.map((r) => grid[r]?.[c]).filter((f): f is Figure => Boolean(f));
        if (!total || parts.length < 2) continue;
        n += 1;
        if (close(sum(parts), total.value, sumTolerance(total, parts))) h += 1;
      }
      if (n >= 2 && h / n >= MIN_AGREEMENT && h >= 2 && (!chosen || h > held)) {
        chosen = rows;
        held = h;
        checked = n;
      }
    }
    start = t + 1;
    if (!chosen || checked < 2) continue;
    for (let c = 1; c < width; c++) {
      const total = grid[t]?.[c];
      const parts = chosen.map((r) => grid[r]?.[c]).filter((f): f is Figure => Boolean(f));
      if (!total || parts.length < 2 || close(sum(parts), total.value, sumTolerance(total, parts))) continue;
      out.push({
        col: c,
        rows: [...chosen, t],
        cells: [...parts, total],
        why: `the column adds up to ${fmt(sum(parts))}, but its sum row (${(table.rows[t]?.[0] ?? '').trim() || 'total'}) reads ${total.raw} (OCR may have misread a figure)`,
      });
    }
  }
  return out;
}

/** The smallest printed step among the figures (0.1 for `-11,6`, 1 for `2 486`). */
function ulp(...figs: Figure[]): number {
  const steps = figs.map((f) => {
    const m = f.raw.match(/[,.](\d+)\s*%?\s*$/);
    return m ? 10 ** -m[1]!.length : 1;
  });
  return Math.min(...steps);
}

function sumTolerance(total: Figure, parts: Figure[]): number {
  // Each printed part is rounded by up to half a step; rounding errors mostly cancel, so allow ~√n half-steps.
  const step = ulp(total, ...parts);
  return step * Math.max(1, 0.5 * Math.ceil(Math.sqrt(parts.length + 1)));
}

function close(a: number, b: number, step: number): boolean {
  return Math.abs(a - b) <= step * 1.0001 + 1e-9;
}

function sum(fs: Figure[]): number {
  return fs.reduce((s, f) => s + f.value, 0);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

function fmt(n: number): string {
  return String(Math.round(n * 1000) / 1000).replace('.', ',');
}
