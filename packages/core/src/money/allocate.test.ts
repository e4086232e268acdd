import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, allocateInteger } from './allocate';
import { money } from './money';

describe('allocate (largest remainder)', () => {
  it('splits evenly with the leftover cent going to the earliest part', () => {
    expect(allocate(money(100, 'EUR'), [1, 1, 1]).map((part) => part.amount)).toEqual([34, 33, 33]);
  });

  it('follows the weights and hands leftovers to the largest remainders', () => {
    // Exact shares 166.66…, 333.33…, 500 → floors 166, 333, 500 (999); the one left goes to the largest remainder.
    expect(allocateInteger(1000, [1, 2, 3])).toEqual([167, 333, 500]);
    expect(allocateInteger(500, [1899, 687, 449])).toEqual([313, 113, 74]);
  });

  it('allocates negative totals symmetrically', () => {
    expect(allocateInteger(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
  });

  it('splits evenly when every weight is zero, and refuses bad weights', () => {
    expect(allocateInteger(10, [0, 0])).toEqual([5, 5]);
    expect(() => allocateInteger(10, [1, -1])).toThrowError(/non-negative/);
    expect(() => allocateInteger(10, [])).toThrowError(/at least one weight/);
    expect(allocateInteger(0, [])).toEqual([]);
  });

  it('always sums exactly to the total, and no part strays more than one unit from its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 40 }),
        (total, weights) => {
          const parts = allocateInteger(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((part, i) => {
            const exact = sum === 0 ? total / weights.length : (total * (weights[i] ?? 0)) / sum;
            expect(Math.abs(part - exact)).toBeLessThan(1);
          });
        },
      ),
    );
  });
});
