/**
 * When and how long to wait before retrying one failed attempt.
 *
 * Why the retries are ours and not ky's (ky makes single attempts with `retry: 0`):
 * - ky counts `429` against its retry limit, so a rate-limited burst uses up the retries meant for real
 *   failures; here `429` waits have their own budget (`maxRateLimitWaits`) and the deadline.
 * - ky 1.14 has no total deadline across attempts and waits (its `timeout` is per attempt); a cashier needs
 *   one promise: "an answer, or an error, within N ms".
 * - ky sleeps on the real clock and draws jitter from `Math.random`; ours use the injected `Clock` and
 *   `Random`, so tests are deterministic and fast.
 * - ky never retries `POST`; protocol v1 makes `POST` safe to retry with idempotency keys.
 * - ky does not know the protocol's `Loyalty-Link-Should-Retry` hint.
 */
import { isRetryableStatus } from '../errors/platform-error';
import type { Random } from '../time/random';
import { fullJitterBackoff } from './backoff';

/** How one attempt failed, as far as retrying is concerned. */
export type FailedAttempt =
  | { kind: 'network' }
  | { kind: 'timeout' }
  | {
      kind: 'status';
      status: number;
      /** `Retry-After`, already clamped to the maximum, when the response carried one. */
      retryAfterMs: number | undefined;
      /** The `Loyalty-Link-Should-Retry` hint: `true`, `false`, or absent. */
      shouldRetry: boolean | undefined;
    };

/** The retries a call has made so far. */
export interface RetryCounts {
  /** Attempts made so far (the first included). */
  attempts: number;
  /** Retries that counted against `maxRetries`. */
  retries: number;
  /** Waits after a `429`. */
  rateLimitWaits: number;
}

/** The limits {@link planRetry} applies. */
export interface RetryLimits {
  maxRetries: number;
  maxRateLimitWaits: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

/** A decision to retry: how long to wait first, and which budget it spends. */
export interface RetryPlan {
  waitMs: number;
  /** Whether it spends a rate-limit wait (a `429`) rather than a retry. */
  rateLimited: boolean;
}

/**
 * Decides whether a failed attempt is retried and after how long, or returns `undefined` to give up.
 * The deadline is not checked here; the caller refuses a wait that would end after it.
 *
 * - Network errors, attempt timeouts, `408`, `429` and `5xx` except `501`/`505` are retried; other
 *   statuses are not. `Loyalty-Link-Should-Retry` overrides that either way.
 * - `429` waits spend `maxRateLimitWaits`; everything else spends `maxRetries`.
 * - The wait is `Retry-After` on `429`, `503` and any response the server marked retryable (such as
 *   `409 idempotency_in_progress`); otherwise full-jitter backoff.
 */
export function planRetry(
  failure: FailedAttempt,
  counts: RetryCounts,
  limits: RetryLimits,
  random: Random,
): RetryPlan | undefined {
  const backoff = (): number =>
    fullJitterBackoff(counts.attempts - 1, { baseMs: limits.retryBaseMs, maxMs: limits.retryMaxMs }, random);
  if (failure.kind !== 'status') {
    return counts.retries < limits.maxRetries ? { waitMs: backoff(), rateLimited: false } : undefined;
  }
  const retryable = failure.shouldRetry ?? isRetryableStatus(failure.status);
  if (!retryable) return undefined;
  const rateLimited = failure.status === 429;
  if (rateLimited ? counts.rateLimitWaits >= limits.maxRateLimitWaits : counts.retries >= limits.maxRetries) {
    return undefined;
  }
  const honoursRetryAfter = rateLimited || failure.status === 503 || failure.shouldRetry === true;
  const waitMs = honoursRetryAfter && failure.retryAfterMs !== undefined ? failure.retryAfterMs : backoff();
  return { waitMs, rateLimited };
}
