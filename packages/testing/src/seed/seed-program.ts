import { type Program, type ProgramInput, ProgramSchema, parseInput } from '@loyalty-link/core';

/**
 * The loyalty program of "Bean & Leaf", a small Dutch chain of coffee, tea, bakery and deli shops, in EUR and
 * Amsterdam time. Written by hand; {@link seedProgram} parses it.
 *
 * - 1 point (a "Bean") per €1 of line totals;
 * - a coffee stamp card: one stamp per visit that buys coffee, 10 stamps unlock a free coffee;
 * - ×2 on category `organic`; +25 points per bag of house espresso beans (`BL-COF-BEANS-ESP`);
 * - ×2 at weekends (Saturday and Sunday, Amsterdam time);
 * - +100 points within 3 days of the customer's birthday, once a year;
 * - tiers Bronze (0, ×1), Silver (500, ×1.25), Gold (2,000, ×1.5);
 * - redemption: at least 100 points, in steps of 10, 100 points = €1, at most half the eligible basket,
 *   never on gift cards, taken off the bill at the till.
 */
export const seedProgramInput: ProgramInput = {
  id: 'prog_bean_and_leaf',
  name: 'Bean & Leaf Rewards',
  currency: 'EUR',
  timeZone: 'Europe/Amsterdam',
  pointsName: 'Beans',
  minimumBasket: 0,
  earnRules: [
    { id: 'base', type: 'per_amount', name: '1 Bean per euro', points: 1, per: 100 },
    {
      id: 'coffee-card',
      type: 'stamp_card',
      name: 'Coffee card',
      category: 'coffee',
      stampsRequired: 10,
      rewardId: 'rw_free_coffee',
    },
    { id: 'organic-x2', type: 'category_multiplier', name: 'Organic double', category: 'organic', multiplier: 2 },
    {
      id: 'espresso-beans-bonus',
      type: 'product_bonus',
      name: 'House espresso beans bonus',
      sku: 'BL-COF-BEANS-ESP',
      pointsPerUnit: 25,
    },
    {
      id: 'weekend-x2',
      type: 'promotion_multiplier',
      name: 'Weekend double Beans',
      multiplier: 2,
      window: { daysOfWeek: [0, 6] },
    },
    { id: 'birthday', type: 'birthday_bonus', name: 'Birthday treat', points: 100, daysAround: 3 },
  ],
  tiers: [
    { id: 'bronze', name: 'Bronze', threshold: 0, multiplier: 1, perks: ['Free refill of filter coffee'] },
    {
      id: 'silver',
      name: 'Silver',
      threshold: 500,
      multiplier: 1.25,
      perks: ['Free refill of filter coffee', 'Free oat milk'],
    },
    {
      id: 'gold',
      name: 'Gold',
      threshold: 2000,
      multiplier: 1.5,
      perks: ['Free refill of filter coffee', 'Free oat milk', 'A free pastry every month', 'Priority pickup'],
    },
  ],
  redemption: {
    minPoints: 100,
    step: 10,
    pointValue: { points: 100, amount: 100 },
    maxBasketShareBasisPoints: 5000,
    excludedCategories: ['gift_cards'],
    reductionMethod: 'front_end',
  },
  rewards: [
    {
      id: 'rw_free_coffee',
      name: 'Free coffee',
      description: 'Any regular coffee, on the house. Unlocked by a full coffee card.',
      costPoints: 0,
      effect: { type: 'free_product', sku: 'BL-COF-CAPPUCCINO' },
    },
    {
      id: 'rw_free_cappuccino',
      name: 'Free cappuccino',
      costPoints: 350,
      effect: { type: 'free_product', sku: 'BL-COF-CAPPUCCINO' },
    },
    {
      id: 'rw_free_croissant',
      name: 'Free butter croissant',
      costPoints: 250,
      effect: { type: 'free_product', sku: 'BL-BAK-CROISSANT' },
    },
    {
      id: 'rw_5_off',
      name: '€5 off',
      costPoints: 450,
      effect: { type: 'amount_off', amount: { amount: 500, currency: 'EUR' } },
    },
    {
      id: 'rw_10_percent',
      name: '10% off your basket',
      costPoints: 600,
      effect: { type: 'percent_off', basisPoints: 1000 },
    },
  ],
  vouchers: [
    {
      code: 'WELCOME5',
      name: '€5 off your first basket of €20 or more',
      discount: { type: 'amount_off', amount: { amount: 500, currency: 'EUR' } },
      minBasket: 2000,
      maxUses: 1,
    },
    { code: 'TEATIME15', name: '15% off tea', discount: { type: 'percent_off', basisPoints: 1500 } },
    {
      code: 'SPRING10',
      name: '10% off in spring',
      discount: { type: 'percent_off', basisPoints: 1000 },
      window: { from: '2026-03-20T00:00:00+01:00', until: '2026-06-21T00:00:00+02:00' },
    },
  ],
};

/**
 * The Bean & Leaf program, parsed (defaults applied). A fresh copy on every call, so a test may change it.
 *
 * @example
 * ```ts
 * const platform = createMockPlatform({ program: { ...seedProgram(), minimumBasket: 500 } });
 * ```
 */
export function seedProgram(): Program {
  return parseInput(ProgramSchema, structuredClone(seedProgramInput), 'seed program');
}
