import { describe, expect, it } from 'vitest';
import { issueCodes } from '../../test/failures';
import { type EarnRule, type Program, ProgramSchema } from '../schemas/program';
import { estimateEarn } from './estimate-earn';
import { testCoffeeProgram as program, testCoffeeProgramInput, testMenu, testTransaction } from './test-program';

const { cappuccino, espressoBeans, bananaBread, croissant } = testMenu;
const WEDNESDAY = '2026-03-11T09:30:00+01:00';
const SATURDAY = '2026-03-14T09:30:00+01:00';

function withRules(...earnRules: EarnRule[]): Program {
  return ProgramSchema.parse({ ...testCoffeeProgramInput, earnRules });
}

// Cappuccino €3.40 + espresso beans €18.99 + organic banana bread €2.95 = €25.34.
const breakfast = [cappuccino, espressoBeans, bananaBread];

describe('estimateEarn on the coffee-shop program', () => {
  it('earns the same multiplied points whether a basket is rung up on one line or on several', () => {
    const coffee = { ...cappuccino, quantity: 1 };
    const oneLine = estimateEarn(program, testTransaction([{ ...coffee, quantity: 4 }], { occurredAt: WEDNESDAY }), {
      tier: 'silver',
    });
    const fourLines = estimateEarn(
      program,
      testTransaction([coffee, coffee, coffee, coffee], { occurredAt: WEDNESDAY }),
      {
        tier: 'silver',
      },
    );
    expect(fourLines.points).toBe(oneLine.points);
    expect(fourLines.rules.find((rule) => rule.type === 'tier')?.points).toBeGreaterThan(0);
  });

  it('earns base points on the basket, the category multiplier, the product bonus and a stamp (weekday)', () => {
    const estimate = estimateEarn(program, testTransaction(breakfast, { occurredAt: WEDNESDAY }));
    // Base: ⌊2534 / 100⌋ = 25, attributed by value: exact 3.35, 18.74, 2.91 → 3, 19, 3.
    // Organic ×2 on the banana bread: +3. Espresso beans: +50. Weekend promotion closed.
    expect(estimate.points).toBe(78);
    expect(estimate.lines).toEqual([
      { lineIndex: 0, points: 3 },
      { lineIndex: 1, points: 69 },
      { lineIndex: 2, points: 6 },
    ]);
    expect(estimate.rules).toEqual([
      { ruleId: 'base', type: 'per_amount', points: 25 },
      { ruleId: 'organic-x2', type: 'category_multiplier', points: 3 },
      { ruleId: 'espresso-bonus', type: 'product_bonus', points: 50 },
    ]);
    expect(estimate.stamps).toEqual([
      { ruleId: 'coffee-card', stamps: 1, stampsRequired: 10, rewardId: 'rw_stamp_coffee' },
    ]);
    expect(estimate.reason).toBeUndefined();
    expect(estimate.tierId).toBeUndefined();
  });

  it('doubles base points at the weekend, multiplying with the organic ×2 (×4 on organic)', () => {
    const estimate = estimateEarn(program, testTransaction(breakfast, { occurredAt: SATURDAY }));
    // Lines: 3×2 = 6; 19×2 = 38 (+50 bonus, not multiplied); 3×2×2 = 12.
    expect(estimate.lines.map((line) => line.points)).toEqual([6, 88, 12]);
    expect(estimate.points).toBe(106);
    expect(estimate.rules).toEqual([
      { ruleId: 'base', type: 'per_amount', points: 25 },
      { ruleId: 'organic-x2', type: 'category_multiplier', points: 3 },
      { ruleId: 'espresso-bonus', type: 'product_bonus', points: 50 },
      // Telescoping floors: 3→6 on the cappuccino, 19→38 on the beans, 6→12 on the banana bread.
      { ruleId: 'weekend-x2', type: 'promotion_multiplier', points: 28 },
    ]);
  });

  it('applies the tier multiplier last and rounds once per group of lines, by id or by tier object', () => {
    const transaction = testTransaction(breakfast, { occurredAt: WEDNESDAY });
    const bySilverId = estimateEarn(program, transaction, { tier: 'silver' });
    // Cappuccino and beans (the tier only): (3 + 19) × 1.25 = 27.5 → 27, the extra 5 split 1 and 4 by
    // largest remainder. Banana bread (organic ×2, then the tier): 3 × 2 × 1.25 = 7.5 → 7.
    expect(bySilverId.lines.map((line) => line.points)).toEqual([4, 73, 7]);
    expect(bySilverId.points).toBe(84);
    expect(bySilverId.rules.at(-1)).toEqual({ ruleId: 'silver', type: 'tier', points: 6 });
    expect(bySilverId.tierId).toBe('silver');
    const silver = program.tiers.find((tier) => tier.id === 'silver');
    expect(estimateEarn(program, transaction, silver === undefined ? {} : { tier: silver })).toEqual(bySilverId);

    // Bronze (×1) changes nothing but is still reported.
    const bronze = estimateEarn(program, transaction, { tier: 'bronze' });
    expect(bronze.points).toBe(78);
    expect(bronze.rules.some((rule) => rule.type === 'tier')).toBe(false);
    expect(bronze.tierId).toBe('bronze');
  });

  it('multiplies organic ×2, weekend ×2 and Gold ×1.5 together: ×6', () => {
    const estimate = estimateEarn(
      program,
      testTransaction([{ ...bananaBread, quantity: 4 }], { occurredAt: SATURDAY }),
      {
        tier: 'gold',
      },
    );
    // €11.80 → 11 base points → 11 × 2 × 2 × 1.5 = 66.
    expect(estimate.points).toBe(66);
    expect(estimate.rules.map((rule) => [rule.ruleId, rule.points])).toEqual([
      ['base', 11],
      ['organic-x2', 11],
      ['weekend-x2', 22],
      ['gold', 22],
    ]);
  });

  it('rounds down once per line after all multipliers, not after each one', () => {
    const happyHour = withRules(
      { id: 'base', type: 'per_amount', points: 1, per: 100 },
      { id: 'happy-hour', type: 'promotion_multiplier', multiplier: 1.5 },
    );
    const estimate = estimateEarn(happyHour, testTransaction([{ ...croissant, unitPrice: 500 }]), { tier: 'gold' });
    // 5 × 1.5 × 1.5 = 11.25 → 11 (rounding after each step would give ⌊⌊7.5⌋ × 1.5⌋ = 10). The extra six
    // points go ⌊7.5⌋ − 5 = 2 to the promotion and 11 − 7 = 4 to the tier.
    expect(estimate.points).toBe(11);
    expect(estimate.rules).toEqual([
      { ruleId: 'base', type: 'per_amount', points: 5 },
      { ruleId: 'happy-hour', type: 'promotion_multiplier', points: 2 },
      { ruleId: 'gold', type: 'tier', points: 4 },
    ]);
  });

  it('floors base points once per basket, so cheap lines are not each rounded away', () => {
    const cheap = { sku: 'TEA-MNT', category: 'tea', unitPrice: 99 };
    const estimate = estimateEarn(program, testTransaction([cheap, cheap, cheap]));
    // ⌊297 / 100⌋ = 2, where flooring each €0.99 line would earn nothing; the tie goes to the earlier lines.
    expect(estimate.points).toBe(2);
    expect(estimate.lines.map((line) => line.points)).toEqual([1, 1, 0]);
  });

  it('earns base points on line totals after discounts', () => {
    const estimate = estimateEarn(program, testTransaction([{ ...croissant, quantity: 5, discount: 350 }]));
    // 5 × €2.60 − €3.50 = €9.50 → 9 points.
    expect(estimate.points).toBe(9);
  });

  it('gives the product bonus per whole unit only', () => {
    const twoBags = estimateEarn(program, testTransaction([{ ...espressoBeans, quantity: 2 }]));
    expect(twoBags.rules.find((rule) => rule.ruleId === 'espresso-bonus')?.points).toBe(100);
    // 1.75 kg of beans sold by weight: €33.23 → 33 base points, and one whole unit → +50.
    const weighed = estimateEarn(program, testTransaction([{ ...espressoBeans, quantity: 1.75 }]));
    expect(weighed.points).toBe(83);
    const underOne = estimateEarn(program, testTransaction([{ ...espressoBeans, quantity: 0.5 }]));
    expect(underOne.rules.find((rule) => rule.ruleId === 'espresso-bonus')).toBeUndefined();
  });

  it('gives the birthday bonus within three days of the birthday (local date), attributed by value', () => {
    const transaction = testTransaction(breakfast, { occurredAt: WEDNESDAY });
    const estimate = estimateEarn(program, transaction, { birthDate: '1990-03-14' });
    // 100 by value over 340, 1899, 295: 13.4, 74.9, 11.6 → 13, 75, 12; added to 3, 69, 6.
    expect(estimate.points).toBe(178);
    expect(estimate.lines.map((line) => line.points)).toEqual([16, 144, 18]);
    expect(estimate.rules.at(-1)).toEqual({ ruleId: 'birthday', type: 'birthday_bonus', points: 100 });

    expect(estimateEarn(program, transaction, { birthDate: '1990-03-15' }).points).toBe(78); // 4 days away
    expect(
      estimateEarn(program, transaction, { birthDate: '1990-03-14', birthdayBonusAlreadyGivenThisYear: true }).points,
    ).toBe(78);
  });

  it('reads the birthday against the sale date in Amsterdam, not in UTC', () => {
    // 23:30 UTC on Tuesday 10 March is 00:30 on Wednesday 11 March in Amsterdam: 3 days before the 14th.
    const lateNight = testTransaction([croissant], { occurredAt: '2026-03-10T23:30:00Z' });
    expect(estimateEarn(program, lateNight, { birthDate: '1990-03-14' }).points).toBe(102);
    const earlier = testTransaction([croissant], { occurredAt: '2026-03-10T22:30:00Z' });
    expect(estimateEarn(program, earlier, { birthDate: '1990-03-14' }).points).toBe(2);
  });

  it('gives per-visit points once per sale, only when a line of the category is bought, to those lines', () => {
    const bakeryVisit = withRules({ id: 'bakery-visit', type: 'per_visit', points: 10, category: 'bakery' });
    const withCroissants = estimateEarn(
      bakeryVisit,
      testTransaction([cappuccino, croissant, { ...croissant, sku: 'BAK-PAC', unitPrice: 520 }]),
    );
    // 10 over the bakery lines only, by value 260 : 520 → 3.33, 6.67 → 3, 7.
    expect(withCroissants.lines.map((line) => line.points)).toEqual([0, 3, 7]);
    expect(estimateEarn(bakeryVisit, testTransaction([cappuccino])).points).toBe(0);

    const anyVisit = withRules({ id: 'visit', type: 'per_visit', points: 5 });
    expect(estimateEarn(anyVisit, testTransaction([cappuccino, cappuccino])).lines.map((l) => l.points)).toEqual([
      3, 2,
    ]);
  });

  it('gives no stamp to a sale without coffee', () => {
    expect(estimateEarn(program, testTransaction([croissant])).stamps).toEqual([]);
  });

  it('lets a multiplier below 1 reduce points, reported as a negative rule entry', () => {
    const halfOnTobacco = withRules(
      { id: 'base', type: 'per_amount', points: 1, per: 100 },
      { id: 'tobacco-half', type: 'category_multiplier', category: 'tobacco', multiplier: 0.5 },
    );
    const estimate = estimateEarn(
      halfOnTobacco,
      testTransaction([{ sku: 'TOB-1', category: 'tobacco', unitPrice: 1150 }]),
    );
    expect(estimate.points).toBe(5); // ⌊11 × 0.5⌋
    expect(estimate.rules).toEqual([
      { ruleId: 'base', type: 'per_amount', points: 11 },
      { ruleId: 'tobacco-half', type: 'category_multiplier', points: -6 },
    ]);
  });

  it('computes multipliers exactly in basis points (no float drift)', () => {
    // 1.1 × 1000 base points as floats is 1100.0000000000002; three 1.1 multipliers would drift further.
    const rules = withRules(
      { id: 'base', type: 'per_amount', points: 1, per: 1 },
      { id: 'a', type: 'promotion_multiplier', multiplier: 1.1 },
      { id: 'b', type: 'promotion_multiplier', multiplier: 1.1 },
      { id: 'c', type: 'promotion_multiplier', multiplier: 1.1 },
    );
    // 1000 × 1.331 = 1331 exactly.
    expect(estimateEarn(rules, testTransaction([{ sku: 'X', unitPrice: 1000 }])).points).toBe(1331);
  });

  it('earns nothing on returns and voids, in another currency, or below the minimum basket', () => {
    const returned = estimateEarn(
      program,
      testTransaction(breakfast, { kind: 'return', originalTransactionId: 'R-1' }),
    );
    expect(returned).toMatchObject({ points: 0, rules: [], stamps: [], reason: 'not_a_sale' });
    expect(returned.lines.map((line) => line.points)).toEqual([0, 0, 0]);

    const inDollars = estimateEarn(program, testTransaction(breakfast, { currency: 'USD' }));
    expect(inDollars).toMatchObject({ points: 0, stamps: [], reason: 'currency_mismatch' });

    const minimumFive = ProgramSchema.parse({ ...testCoffeeProgramInput, minimumBasket: 500 });
    expect(estimateEarn(minimumFive, testTransaction([cappuccino]))).toMatchObject({
      points: 0,
      stamps: [],
      reason: 'below_minimum_basket',
    });
    expect(estimateEarn(minimumFive, testTransaction([cappuccino, croissant])).points).toBe(6);
  });

  it('skips rules whose window is closed at the time of the sale', () => {
    const springOnly = withRules(
      { id: 'base', type: 'per_amount', points: 1, per: 100 },
      {
        id: 'spring',
        type: 'product_bonus',
        sku: 'BAK-CRO',
        pointsPerUnit: 20,
        window: { from: '2026-03-20T00:00:00+01:00', until: '2026-06-21T00:00:00+02:00' },
      },
    );
    expect(estimateEarn(springOnly, testTransaction([croissant], { occurredAt: WEDNESDAY })).points).toBe(2);
    expect(
      estimateEarn(springOnly, testTransaction([croissant], { occurredAt: '2026-04-01T12:00:00+02:00' })).points,
    ).toBe(22);
  });

  it('rejects an unknown tier id, a bad time zone and a bad birth date', () => {
    const sale = testTransaction([croissant]);
    expect(issueCodes(() => estimateEarn(program, sale, { tier: 'platinum' }))).toEqual(['unknown_tier']);
    expect(issueCodes(() => estimateEarn({ ...program, timeZone: 'Europe/Atlantis' }, sale))).toEqual([
      'invalid_time_zone',
    ]);
    expect(issueCodes(() => estimateEarn(program, sale, { birthDate: '1990-02-30' }))).toEqual(['invalid_date']);
    // Even when no birthday rule would read it.
    const noBirthdayRule = withRules({ id: 'base', type: 'per_amount', points: 1, per: 100 });
    expect(issueCodes(() => estimateEarn(noBirthdayRule, sale, { birthDate: '30-02-1990' }))).toEqual(['invalid_date']);
  });
});
