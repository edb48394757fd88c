import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../src/answer/llm/breaker.ts';

describe('circuit breaker for the model endpoint', () => {
  it('opens after failures in a row, lets one trial through after the cooldown, and doubles the cooldown when it fails', () => {
    let now = 0;
    const b = new CircuitBreaker(2, 1000, 3000, () => now);
    expect(b.allows()).toBe(true);
    b.failed();
    expect(b.allows()).toBe(true);
    b.failed();
    expect(b.allows()).toBe(false);
    now = 1000;
    expect(b.allows()).toBe(true);
    // The trial is under way: other questions do not try the endpoint meanwhile.
    expect(b.allows()).toBe(false);
    b.failed();
    now = 2999;
    expect(b.allows()).toBe(false);
    now = 3000;
    expect(b.allows()).toBe(true);
    b.failed();
    now = 3000 + 2999;
    expect(b.allows()).toBe(false);
    now = 3000 + 3000;
    expect(b.allows()).toBe(true);
    b.succeeded();
    expect(b.allows()).toBe(true);
    expect(b.allows()).toBe(true);
  });
});
