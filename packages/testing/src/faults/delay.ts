import { type Clock, systemClock } from '@loyalty-link/core';

/**
 * Waits `ms` for injected latency. On the system clock this is a real timer. On any other clock (a manual
 * clock in tests) it is a timer on that clock, so the response is released only when the test moves time
 * forward: `await platform.clock.advanceAsync(latencyMs)`. That is what makes an in-flight request (and
 * `idempotency_in_progress`) reproducible; a test that never advances the clock waits forever, so tests
 * with a manual clock should only set `latencyMs` when they mean to drive it.
 *
 * With `onClose` (the platform's), closing the platform ends the wait early and clears its timer. Resolves
 * `true` when the whole delay passed, `false` when the platform closed first (or was closed already).
 */
export function delay(ms: number, clock: Clock, onClose?: (callback: () => void) => () => void): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    let forget: (() => void) | undefined;
    let settled = false;
    const elapsed = (): void => {
      settled = true;
      forget?.();
      resolve(true);
    };
    const handle = clock === systemClock ? setTimeout(elapsed, ms) : clock.setTimeout(elapsed, ms);
    forget = onClose?.(() => {
      if (settled) return;
      settled = true;
      if (clock === systemClock) clearTimeout(handle as ReturnType<typeof setTimeout>);
      else clock.clearTimeout(handle);
      resolve(false);
    });
  });
}
