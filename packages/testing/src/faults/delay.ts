import { type Clock, systemClock } from '@loyalty-link/core';

/**
 * Waits `ms` for injected latency. On the system clock this is a real timer. On any other clock (a manual
 * clock in tests) it is a timer on that clock, so the response is released only when the test moves time
 * forward: `await platform.clock.advanceAsync(latencyMs)`. That is what makes an in-flight request (and
 * `idempotency_in_progress`) reproducible; a test that never advances the clock waits forever, so tests
 * with a manual clock should only set `latencyMs` when they mean to drive it.
 */
export function delay(ms: number, clock: Clock): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    if (clock === systemClock) setTimeout(resolve, ms);
    else clock.setTimeout(resolve, ms);
  });
}
