import type { Random } from '../time/random';

/** How {@link fullJitterBackoff} grows its waits. */
export interface BackoffOptions {
  /**
   * The cap of the first wait, in milliseconds; each later cap doubles it.
   * @default 250
   */
  baseMs: number;
  /**
   * The largest cap, in milliseconds: waits never exceed it however many attempts failed.
   * @default 30_000
   */
  maxMs: number;
}

/** The transport's backoff: 250 ms doubling up to 30 s. Callers with other needs (the outbox) pass their own. */
export const backoffDefaults: Readonly<BackoffOptions> = Object.freeze({ baseMs: 250, maxMs: 30_000 });

/**
 * The wait before retry number `attempt` (0 for the first retry), with AWS "full jitter":
 * a uniform random duration in `[0, min(maxMs, baseMs × 2^attempt))`, in whole milliseconds.
 *
 * Full jitter spreads the retries of many registers that failed at the same moment (a platform restart)
 * over the whole window instead of bunching them at its end, which is what makes it the recommended
 * schedule for clients of a shared service.
 *
 * @example
 * ```ts
 * fullJitterBackoff(3, { baseMs: 250, maxMs: 30_000 }, Math.random); // somewhere in [0, 2000)
 * ```
 */
export function fullJitterBackoff(attempt: number, options: BackoffOptions, random: Random): number {
  // Capped so that `baseMs × 2^exponent` stays finite (0 × Infinity would be NaN).
  const exponent = Math.min(64, Math.max(0, Math.floor(attempt)));
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  return Math.floor(random() * Math.max(0, cap));
}
