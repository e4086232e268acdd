import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../time/random';
import { backoffDefaults, fullJitterBackoff } from './backoff';

describe('fullJitterBackoff', () => {
  it('spans [0, min(maxMs, baseMs × 2^attempt)) in whole milliseconds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 120_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, baseMs, maxMs, draw) => {
          const wait = fullJitterBackoff(attempt, { baseMs, maxMs }, () => draw);
          const cap = Math.min(maxMs, baseMs * 2 ** attempt);
          expect(Number.isInteger(wait)).toBe(true);
          expect(wait).toBeGreaterThanOrEqual(0);
          expect(wait).toBeLessThan(Math.max(1, cap));
        },
      ),
    );
  });

  it('doubles its cap per attempt up to maxMs', () => {
    const top = () => 0.999_999_9;
    expect([0, 1, 2, 3, 7, 8, 50].map((attempt) => fullJitterBackoff(attempt, backoffDefaults, top))).toEqual([
      249, 499, 999, 1_999, 29_999, 29_999, 29_999,
    ]);
  });

  it('spreads waits over the whole window (full jitter, not equal jitter)', () => {
    const random = seededRandom(7);
    const waits = Array.from({ length: 2_000 }, () => fullJitterBackoff(2, { baseMs: 100, maxMs: 10_000 }, random));
    expect(Math.min(...waits)).toBeLessThan(20);
    expect(Math.max(...waits)).toBeGreaterThan(380);
  });

  it('stays a number for any attempt, even with a zero base', () => {
    expect(fullJitterBackoff(5_000, { baseMs: 0, maxMs: 1_000 }, () => 0.5)).toBe(0);
    expect(fullJitterBackoff(Number.MAX_SAFE_INTEGER, { baseMs: 10, maxMs: 1_000 }, () => 0.5)).toBe(500);
  });

  it('treats a negative or fractional attempt as the first', () => {
    expect(fullJitterBackoff(-3, { baseMs: 100, maxMs: 1_000 }, () => 0.5)).toBe(50);
    expect(fullJitterBackoff(0.7, { baseMs: 100, maxMs: 1_000 }, () => 0.5)).toBe(50);
  });
});
