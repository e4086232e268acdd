import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multiplyPoints } from './multiply-points';

const sum = (values: readonly bigint[]): bigint => values.reduce((total, value) => total + value, 0n);

describe('multiplyPoints', () => {
  it('rounds down once after every factor and charges the rounding to the later factors', () => {
    // 5 × 1.5 = 7.5 → 7 (+2); 5 × 1.5 × 1.5 = 11.25 → 11 (+4). Rounding each step would give 10.
    expect(multiplyPoints(5n, [15_000n, 15_000n])).toEqual([2n, 4n]);
    expect(multiplyPoints(3n, [20_000n, 12_500n])).toEqual([3n, 1n]); // 3 × 2 × 1.25 = 7.5 → 7
  });

  it('lets a factor below ×1 take points off, and ×1 contribute nothing', () => {
    expect(multiplyPoints(11n, [5_000n])).toEqual([-6n]);
    expect(multiplyPoints(11n, [10_000n, 20_000n])).toEqual([0n, 11n]);
  });

  it('adds up to the same total in any order: ⌊base × product⌋ − base', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.array(fc.bigInt({ min: 1n, max: 1_000_000n }), { maxLength: 6 }),
        (base, factors) => {
          const product = factors.reduce((total, factor) => total * factor, 1n);
          const expected = (base * product) / 10_000n ** BigInt(factors.length) - base;
          expect(sum(multiplyPoints(base, factors))).toBe(expected);
          expect(sum(multiplyPoints(base, [...factors].reverse()))).toBe(expected);
        },
      ),
    );
  });
});
