import { describe, expect, it } from 'vitest';
import { redemptionLimits } from './redemption-limits';
import { testCoffeeProgram } from './test-program';

const rules = testCoffeeProgram.redemption; // 100 points = €1, steps of 10, at most half the basket

describe('redemptionLimits', () => {
  it('caps points at the basket share or the balance, whichever is lower, then rounds down to the step', () => {
    expect(redemptionLimits(rules, 2239, 5000n)).toMatchObject({
      cap: 1119n,
      capLimit: 'basket_share',
      maxPoints: 1110n,
    });
    expect(redemptionLimits(rules, 2239, 455n)).toMatchObject({ cap: 455n, capLimit: 'balance', maxPoints: 450n });
  });

  it('prices points down to the cent and amounts up to the step', () => {
    const limits = redemptionLimits({ ...rules, pointValue: { points: 3, amount: 1 } }, 10_000, 100_000n);
    expect(limits.valueOf(100n)).toBe(33n); // 33.33 cents, never paid out as 34
    expect(limits.pointsFor(33n)).toBe(100n); // 99 points would do, but steps are 10
    expect(limits.pointsFor(0n)).toBe(0n);
  });

  it('clamps a request and names the limit that cut it', () => {
    const limits = redemptionLimits(rules, 2239, 5000n);
    expect(limits.clamp(300n)).toEqual({ points: 300n });
    expect(limits.clamp(305n)).toEqual({ points: 300n, limitedBy: 'step' });
    expect(limits.clamp(9000n)).toEqual({ points: 1110n, limitedBy: 'basket_share' });
  });
});
