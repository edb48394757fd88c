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

  /** Whether the endpoint may be tried now. */
  allows(): boolean {
    return this.now() >= this.openUntil;
  }

  succeeded(): void {
    this.failures = 0;
    this.openUntil = 0;
    this.cooldown = this.cooldownMs;
  }

  failed(): void {
    this.failures++;
    if (this.failures < this.threshold) return;
    const trial = this.openUntil !== 0;
    this.openUntil = this.now() + this.cooldown;
    if (trial) this.cooldown = Math.min(this.cooldown * 2, this.maxCooldownMs);
  }
}
