/**
 * A circuit breaker for the model endpoint: after `threshold` failures in a row it is open for `cooldownMs`, doubling
 * on each failed trial up to `maxCooldownMs`, so that a dead endpoint costs one timeout, not one per question. After
 * the cooldown one question tries again; a success closes it.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private cooldown: number;

  constructor(
    private readonly threshold = 2,
    private readonly cooldownMs = 30_000,
    private readonly maxCooldownMs = 300_000,
    private readonly now: () => number = Date.now,
  ) {
    this.cooldown = cooldownMs;
  }

  /** Whether the endpoint may be tried now. After a cooldown the first question to ask is the trial; others wait for it. */
  allows(): boolean {
    const now = this.now();
    if (now < this.openUntil) return false;
    if (this.failures >= this.threshold) this.openUntil = now + this.cooldown;
    return true;
  }

  succeeded(): void {
    this.failures = 0;
    this.openUntil = 0;
    this.cooldown = this.cooldownMs;
  }

  failed(): void {
    this.failures++;
    if (this.failures < this.threshold) return;
    // A failed trial (the breaker had opened before) waits twice as long next time.
    if (this.failures > this.threshold) this.cooldown = Math.min(this.cooldown * 2, this.maxCooldownMs);
    this.openUntil = this.now() + this.cooldown;
  }
}
