import { describe, expect, it } from 'vitest';
import { isValidationError } from '../errors/validation-error';
import { type Program, ProgramSchema } from '../schemas/program';
import type { RedemptionQuoteResult, RedemptionRequest } from '../schemas/redemption';
import { quoteRedemption } from './quote-redemption';
import {
  testCoffeeProgram as program,
  testBalance,
  testCart,
  testCoffeeProgramInput,
  testMenu,
  testUnlockedCoffeeReward,
} from './test-program';

const { cappuccino, espressoBeans, croissant, giftCard } = testMenu;
const eur = (amount: number) => ({ amount, currency: 'EUR' });

// €3.40 + €18.99 are eligible (€22.39); the €25 gift card is not. Half of €22.39 is €11.19.
const basket = testCart([cappuccino, espressoBeans, giftCard]);

function withRedemption(changes: Partial<(typeof testCoffeeProgramInput)['redemption']>): Program {
  return ProgramSchema.parse({
    ...testCoffeeProgramInput,
    redemption: { ...testCoffeeProgramInput.redemption, ...changes },
  });
}

function refusalCode(result: RedemptionQuoteResult): string | undefined {
  return result.ok ? undefined : result.code;
}

describe('quoteRedemption for points', () => {
  it('quotes max as the most points the basket share allows, in steps of 10, spread over eligible lines', () => {
    const quote = quoteRedemption(program, basket, testBalance(5000), { type: 'max' });
    expect(quote).toEqual({
      ok: true,
      points: 1110,
      amount: eur(1110),
      // 1110 by 340 : 1899 → 168.56, 941.44 → 169, 941.
      allocations: [
        { lineIndex: 0, amount: eur(169) },
        { lineIndex: 1, amount: eur(941) },
      ],
      maxPoints: 1110,
      eligibleAmount: eur(2239),
      limitedBy: 'basket_share',
      reductionMethod: 'front_end',
    });
  });

  it('says the balance set the maximum when the customer has fewer points than the basket allows', () => {
    const quote = quoteRedemption(program, basket, testBalance(450), { type: 'max' });
    expect(quote).toMatchObject({ ok: true, points: 450, amount: eur(450), maxPoints: 450, limitedBy: 'balance' });
  });

  it('clamps a points request to the step, the basket share and the balance, saying which limit applied', () => {
    const quote = (points: number, available = 5000) =>
      quoteRedemption(program, basket, testBalance(available), { type: 'points', points });
    expect(quote(300)).toMatchObject({ ok: true, points: 300, amount: eur(300) });
    expect(quote(300)).not.toHaveProperty('limitedBy');
    expect(quote(455)).toMatchObject({ ok: true, points: 450, limitedBy: 'step' });
    expect(quote(2000)).toMatchObject({ ok: true, points: 1110, amount: eur(1110), limitedBy: 'basket_share' });
    expect(quote(800, 625)).toMatchObject({ ok: true, points: 620, amount: eur(620), limitedBy: 'balance' });
  });

  it('quotes an amount with the fewest points (in steps) worth at least that much', () => {
    const quote = (amount: number) =>
      quoteRedemption(program, basket, testBalance(5000), { type: 'amount', amount: eur(amount) });
    expect(quote(500)).toMatchObject({ ok: true, points: 500, amount: eur(500) });
    expect(quote(505)).toMatchObject({ ok: true, points: 510, amount: eur(510) });
    expect(quote(5000)).toMatchObject({ ok: true, points: 1110, amount: eur(1110), limitedBy: 'basket_share' });
  });

  it('rounds value down when points are worth a fraction of a cent', () => {
    // 3 points = 1 cent: 100 points are worth 33 cents, never 33.33.
    const thirds = withRedemption({ pointValue: { points: 3, amount: 1 }, step: 1 });
    expect(quoteRedemption(thirds, basket, testBalance(5000), { type: 'points', points: 100 })).toMatchObject({
      ok: true,
      points: 100,
      amount: eur(33),
    });
    // 90 cents needs 270 points, exactly.
    expect(quoteRedemption(thirds, basket, testBalance(5000), { type: 'amount', amount: eur(90) })).toMatchObject({
      points: 270,
      amount: eur(90),
    });
  });

  it('keeps the value of points worth several cents each within the basket share', () => {
    // 1 point = €0.05. Half of €2.58 is €1.29: 25 points (€1.25) fit, 26 (€1.30) would not.
    const nickels = withRedemption({ pointValue: { points: 1, amount: 5 }, step: 1, minPoints: 1 });
    const cart = testCart([{ ...croissant, unitPrice: 258 }]);
    expect(quoteRedemption(nickels, cart, testBalance(5000), { type: 'max' })).toMatchObject({
      ok: true,
      points: 25,
      amount: eur(125),
      limitedBy: 'basket_share',
    });
  });

  it('refuses below the minimum of 100 points, for the balance or for the basket', () => {
    expect(quoteRedemption(program, basket, testBalance(90), { type: 'max' })).toMatchObject({
      ok: false,
      code: 'insufficient_points',
    });
    // €1.80 of tea allows 90 cents, so 90 points: below the minimum.
    const tea = testCart([{ sku: 'TEA-MNT', category: 'tea', unitPrice: 180 }]);
    expect(refusalCode(quoteRedemption(program, tea, testBalance(5000), { type: 'max' }))).toBe('below_minimum');
    expect(refusalCode(quoteRedemption(program, basket, testBalance(5000), { type: 'points', points: 50 }))).toBe(
      'below_minimum',
    );
    expect(quoteRedemption(program, testCart([croissant]), testBalance(5000), { type: 'max' })).toMatchObject({
      ok: true,
      points: 130,
    });
  });

  it('refuses baskets points cannot pay for: gift cards only, another currency, another store, closed hours', () => {
    const max: RedemptionRequest = { type: 'max' };
    expect(refusalCode(quoteRedemption(program, testCart([giftCard]), testBalance(5000), max))).toBe(
      'nothing_eligible',
    );
    expect(
      refusalCode(quoteRedemption(program, testCart([croissant], { currency: 'USD' }), testBalance(5000), max)),
    ).toBe('currency_mismatch');
    const centrumOnly = withRedemption({ stores: ['ams-centrum'] });
    expect(quoteRedemption(centrumOnly, basket, testBalance(5000), max).ok).toBe(true);
    expect(refusalCode(quoteRedemption(centrumOnly, { ...basket, storeId: 'utrecht-1' }, testBalance(5000), max))).toBe(
      'store_not_allowed',
    );
    const weekdays = withRedemption({ window: { daysOfWeek: [1, 2, 3, 4, 5] } });
    expect(quoteRedemption(weekdays, basket, testBalance(5000), max).ok).toBe(true);
    const saturday = { ...basket, at: '2026-03-14T10:00:00+01:00' };
    expect(refusalCode(quoteRedemption(weekdays, saturday, testBalance(5000), max))).toBe('outside_window');
  });

  it('checks the window at options.now when the cart has no time, and demands a time when there is a window', () => {
    const weekdays = withRedemption({ window: { daysOfWeek: [1, 2, 3, 4, 5] } });
    const { at: _at, ...untimed } = basket;
    expect(
      refusalCode(
        quoteRedemption(weekdays, untimed, testBalance(5000), { type: 'max' }, { now: '2026-03-15T10:00:00Z' }),
      ),
    ).toBe('outside_window');
    expect(quoteRedemption(program, untimed, testBalance(5000), { type: 'max' }).ok).toBe(true);
    try {
      quoteRedemption(weekdays, untimed, testBalance(5000), { type: 'max' });
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(isValidationError(error) && error.issues[0]?.code).toBe('required');
    }
  });

  it('tells the register to leave the bill alone for a back-end program', () => {
    const backEnd = withRedemption({ reductionMethod: 'back_end' });
    expect(quoteRedemption(backEnd, basket, testBalance(5000), { type: 'max' })).toMatchObject({
      reductionMethod: 'back_end',
    });
  });
});

describe('quoteRedemption for rewards', () => {
  const reward = (rewardId: string): RedemptionRequest => ({ type: 'reward', rewardId });

  it('prices a free cappuccino at the cappuccino, on its own line, for its cost in points', () => {
    const cart = testCart([croissant, cappuccino]);
    expect(quoteRedemption(program, cart, testBalance(400), reward('rw_free_cappuccino'))).toEqual({
      ok: true,
      points: 350,
      amount: eur(340),
      allocations: [{ lineIndex: 1, amount: eur(340) }],
      maxPoints: 300,
      eligibleAmount: eur(600),
      reductionMethod: 'front_end',
      rewardId: 'rw_free_cappuccino',
    });
    expect(quoteRedemption(program, cart, testBalance(300), reward('rw_free_cappuccino'))).toMatchObject({
      ok: false,
      code: 'insufficient_points',
    });
    expect(
      refusalCode(quoteRedemption(program, testCart([croissant]), testBalance(400), reward('rw_free_cappuccino'))),
    ).toBe('nothing_eligible');
  });

  it('gives an unlocked stamp-card coffee for free, even when it is the whole basket', () => {
    const cart = testCart([cappuccino]);
    expect(
      quoteRedemption(program, cart, testBalance(0, [testUnlockedCoffeeReward]), reward('rw_stamp_coffee')),
    ).toMatchObject({ ok: true, points: 0, amount: eur(340), rewardId: 'rw_stamp_coffee' });
  });

  it('still charges a catalog reward that the balance happens to list', () => {
    const catalogReward = program.rewards.find((candidate) => candidate.id === 'rw_free_cappuccino');
    const listed = testBalance(100, catalogReward === undefined ? [] : [catalogReward]);
    expect(refusalCode(quoteRedemption(program, testCart([cappuccino]), listed, reward('rw_free_cappuccino')))).toBe(
      'insufficient_points',
    );
  });

  it('caps a free product at a discounted line and an amount off at the eligible amount', () => {
    const discounted = testCart([{ ...cappuccino, discount: 100 }]);
    expect(quoteRedemption(program, discounted, testBalance(400), reward('rw_free_cappuccino'))).toMatchObject({
      amount: eur(240),
      limitedBy: 'eligible_amount',
    });
    expect(
      quoteRedemption(program, testCart([croissant, giftCard]), testBalance(500), reward('rw_5_off')),
    ).toMatchObject({
      ok: true,
      points: 450,
      amount: eur(260),
      allocations: [{ lineIndex: 0, amount: eur(260) }],
      limitedBy: 'eligible_amount',
    });
  });

  it('spreads an amount or percentage off over the eligible lines', () => {
    expect(quoteRedemption(program, basket, testBalance(500), reward('rw_5_off'))).toMatchObject({
      amount: eur(500),
      // 500 by 340 : 1899 → 75.93, 424.07 → 76, 424.
      allocations: [
        { lineIndex: 0, amount: eur(76) },
        { lineIndex: 1, amount: eur(424) },
      ],
    });
    // 10 % of €22.39 is €2.239, rounded half away from zero to €2.24.
    expect(quoteRedemption(program, basket, testBalance(600), reward('rw_10_percent'))).toMatchObject({
      points: 600,
      amount: eur(224),
    });
  });

  it('does not find unknown or expired rewards', () => {
    expect(refusalCode(quoteRedemption(program, basket, testBalance(5000), reward('rw_unicorn')))).toBe(
      'reward_not_found',
    );
    const expired = { ...testUnlockedCoffeeReward, expiresAt: '2026-03-01T00:00:00+01:00' };
    expect(
      refusalCode(
        quoteRedemption(program, testCart([cappuccino]), testBalance(0, [expired]), reward('rw_stamp_coffee')),
      ),
    ).toBe('reward_not_found');
  });
});
