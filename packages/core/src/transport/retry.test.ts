import { describe, expect, it } from 'vitest';
import { type FailedAttempt, planRetry, type RetryCounts } from './retry';

const limits = { maxRetries: 2, maxRateLimitWaits: 3, retryBaseMs: 100, retryMaxMs: 1_000 };
const fresh: RetryCounts = { attempts: 1, retries: 0, rateLimitWaits: 0 };
const half = () => 0.5;
const response = (status: number, extra: Partial<Extract<FailedAttempt, { kind: 'status' }>> = {}): FailedAttempt => ({
  kind: 'status',
  status,
  retryAfterMs: undefined,
  shouldRetry: undefined,
  ...extra,
});

describe('planRetry', () => {
  it('retries network errors, timeouts, 408, 429 and 5xx but 501 and 505', () => {
    for (const failure of [{ kind: 'network' }, { kind: 'timeout' }] as const) {
      expect(planRetry(failure, fresh, limits, half)).toEqual({ waitMs: 50, rateLimited: false });
    }
    for (const status of [408, 429, 500, 502, 503, 504, 599]) {
      expect(planRetry(response(status), fresh, limits, half)).toBeDefined();
    }
    for (const status of [400, 401, 403, 404, 409, 413, 422, 501, 505]) {
      expect(planRetry(response(status), fresh, limits, half)).toBeUndefined();
    }
  });

  it('lets Loyalty-Link-Should-Retry override the status', () => {
    expect(planRetry(response(409, { shouldRetry: true }), fresh, limits, half)).toBeDefined();
    expect(planRetry(response(503, { shouldRetry: false }), fresh, limits, half)).toBeUndefined();
  });

  it('waits Retry-After on 429, 503 and server-marked retries, backoff otherwise', () => {
    expect(planRetry(response(429, { retryAfterMs: 2_000 }), fresh, limits, half)?.waitMs).toBe(2_000);
    expect(planRetry(response(503, { retryAfterMs: 2_000 }), fresh, limits, half)?.waitMs).toBe(2_000);
    expect(planRetry(response(409, { retryAfterMs: 1_000, shouldRetry: true }), fresh, limits, half)?.waitMs).toBe(
      1_000,
    );
    expect(planRetry(response(500, { retryAfterMs: 2_000 }), fresh, limits, half)?.waitMs).toBe(50);
  });

  it('spends maxRetries on failures and maxRateLimitWaits on 429s', () => {
    const spent: RetryCounts = { attempts: 5, retries: 2, rateLimitWaits: 2 };
    expect(planRetry(response(503), spent, limits, half)).toBeUndefined();
    expect(planRetry({ kind: 'network' }, spent, limits, half)).toBeUndefined();
    expect(planRetry(response(429), spent, limits, half)).toMatchObject({ rateLimited: true });
    expect(planRetry(response(429), { ...spent, rateLimitWaits: 3 }, limits, half)).toBeUndefined();
  });

  it('grows the backoff with the attempts made', () => {
    const waits = [1, 2, 3, 4, 5].map(
      (attempts) => planRetry({ kind: 'network' }, { attempts, retries: 0, rateLimitWaits: 0 }, limits, half)?.waitMs,
    );
    expect(waits).toEqual([50, 100, 200, 400, 500]);
  });
});
