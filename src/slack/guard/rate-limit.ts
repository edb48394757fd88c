/** A sliding one-minute window per user. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a request and tells whether it is within the limit. */
  allow(user: string): boolean {
    const t = this.now();
    const recent = (this.hits.get(user) ?? []).filter((x) => t - x < 60_000);
    if (recent.length >= this.perMinute) {
      this.hits.set(user, recent);
      return false;
    }
    recent.push(t);
    this.hits.set(user, recent);
    return true;
  }
}
