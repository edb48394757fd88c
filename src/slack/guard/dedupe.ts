/**
 * Remembers recently seen keys (Slack event ids, or channel+ts) so that an event Slack retries after a slow
 * acknowledgement is processed once. Bounded: the oldest keys are forgotten first.
 */
export class SeenEvents {
  private readonly seen = new Map<string, number>();

  constructor(private readonly max = 5000) {}

  /** True the first time a key is offered, false after. */
  firstTime(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.set(key, Date.now());
    if (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value as string);
    return true;
  }
}
