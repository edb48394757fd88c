import { logger } from '../log/logger.ts';

/** How often the bar is redrawn, and how often a structured progress record is logged without a terminal. */
const REDRAW_MS = 200;
const LOG_EVERY_MS = 10_000;

export interface ProgressSnapshot {
  done: number;
  total: number;
  elapsedSeconds: number;
  perMinute: number;
  etaSeconds: number | null;
  rssMb: number;
}

/**
 * One progress line for long batches: a bar with rate and ETA redrawn in place on a terminal (stderr), or, when
 * stderr is not a terminal, a structured log record every ten seconds. Lines written through `line` appear above
 * the bar. Rate and ETA count only the items that did work (`tick(true)`), not those skipped as already done.
 */
export class ProgressBar {
  private done = 0;
  private worked = 0;
  private readonly started = Date.now();
  private lastTick = Date.now();
  /** Time spent on items that were skipped, left out of the rate. */
  private skippedMs = 0;
  private lastDraw = 0;
  private lastLog = Date.now();
  private drawn = false;

  constructor(
    private readonly total: number,
    private readonly label: string,
    private readonly tty = Boolean(process.stderr.isTTY),
  ) {}

  /** Writes a line above the bar (or as it is, without a terminal). */
  line(text: string): void {
    if (this.tty && this.drawn) process.stderr.write('\r\x1b[K');
    process.stderr.write(`${text}\n`);
    if (this.tty && this.drawn) this.draw(true);
  }

  tick(didWork: boolean): void {
    const now = Date.now();
    this.done++;
    if (didWork) this.worked++;
    else this.skippedMs += now - this.lastTick;
    this.lastTick = now;
    if (this.tty) this.draw(this.done === this.total);
    else if (now - this.lastLog >= LOG_EVERY_MS || this.done === this.total) {
      this.lastLog = now;
      logger.info({ progress: this.snapshot() }, `${this.label}: ${this.done}/${this.total}`);
    }
  }

  snapshot(): ProgressSnapshot {
    const elapsed = (Date.now() - this.started) / 1000;
    const working = (Date.now() - this.started - this.skippedMs) / 1000;
    const perMinute = working > 0 ? (this.worked / working) * 60 : 0;
    const left = this.total - this.done;
    return {
      done: this.done,
      total: this.total,
      elapsedSeconds: elapsed,
      perMinute,
      etaSeconds: perMinute > 0 ? (left / perMinute) * 60 : null,
      rssMb: process.memoryUsage().rss / 2 ** 20,
    };
  }

  /** Clears the bar from the terminal (call before printing the summary). */
  finish(): void {
    if (this.tty && this.drawn) process.stderr.write('\r\x1b[K');
    this.drawn = false;
  }

  private draw(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const s = this.snapshot();
    const width = 28;
    const filled = Math.round((s.done / Math.max(1, s.total)) * width);
    const eta = s.etaSeconds === null ? '–' : clock(s.etaSeconds);
    const bar = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${s.done}/${s.total} ${s.perMinute.toFixed(1)}/min ETA ${eta} RSS ${s.rssMb.toFixed(0)} MB`;
    process.stderr.write(`\r\x1b[K${bar.slice(0, (process.stderr.columns || 120) - 1)}`);
    this.drawn = true;
  }
}

export function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h ? `${h}:` : ''}${String(m).padStart(h ? 2 : 1, '0')}:${String(s % 60).padStart(2, '0')}`;
}
