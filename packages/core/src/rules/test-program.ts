/**
 * TEST-ONLY fixtures for the rules evaluator: a realistic coffee-shop program and helpers that build
 * transactions and carts whose totals add up exactly as a register computes them. Not exported from the
 * package; import it from tests only.
 */
import type { Balance } from '../schemas/balance';
import { parseTransaction } from '../schemas/parse';
import { type Program, type ProgramInput, ProgramSchema } from '../schemas/program';
import type { Cart } from '../schemas/redemption';
import type { Reward } from '../schemas/reward';
import { computeTotals, lineTotal } from '../schemas/totals';
import type { Transaction, TransactionInput, TransactionLine } from '../schemas/transaction';

/**
 * TEST-ONLY. "The Beanery", a small chain of coffee shops in Amsterdam, in EUR:
 * 1 point per €1; a coffee stamp card (10 stamps → a free coffee); ×2 on `organic`; +50 points per bag of
 * espresso beans (`COF-ESP`); ×2 at weekends (Saturday and Sunday, Amsterdam time); +100 points within
 * 3 days of the customer's birthday; tiers Bronze (×1), Silver from 500 (×1.25), Gold from 2000 (×1.5).
 * Redemption: at least 100 points, in steps of 10, 100 points = €1, at most half the eligible basket, gift
 * cards excluded.
 */
export const testCoffeeProgramInput: ProgramInput = {
  id: 'prog_beanery',
  name: 'The Beanery',
  currency: 'EUR',
  timeZone: 'Europe/Amsterdam',
  pointsName: 'Beans',
  earnRules: [
    { id: 'base', type: 'per_amount', name: '1 point per euro', points: 1, per: 100 },
    {
      id: 'coffee-card',
      type: 'stamp_card',
      name: 'Coffee card',
      category: 'coffee',
      stampsRequired: 10,
      rewardId: 'rw_stamp_coffee',
    },
    { id: 'organic-x2', type: 'category_multiplier', name: 'Organic double', category: 'organic', multiplier: 2 },
    { id: 'espresso-bonus', type: 'product_bonus', name: 'Espresso beans bonus', sku: 'COF-ESP', pointsPerUnit: 50 },
    {
      id: 'weekend-x2',
      type: 'promotion_multiplier',
      name: 'Weekend double',
      multiplier: 2,
      window: { daysOfWeek: [0, 6] },
    },
    { id: 'birthday', type: 'birthday_bonus', name: 'Birthday treat', points: 100, daysAround: 3 },
  ],
  tiers: [
    { id: 'bronze', name: 'Bronze', threshold: 0, multiplier: 1, perks: [] },
    { id: 'silver', name: 'Silver', threshold: 500, multiplier: 1.25, perks: ['Free oat milk'] },
    { id: 'gold', name: 'Gold', threshold: 2000, multiplier: 1.5, perks: ['Free oat milk', 'Priority pickup'] },
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
      id: 'rw_free_cappuccino',
      name: 'Free cappuccino',
      costPoints: 350,
      effect: { type: 'free_product', sku: 'COF-CAP' },
    },
    {
      id: 'rw_5_off',
      name: '€5 off',
      costPoints: 450,
      effect: { type: 'amount_off', amount: { amount: 500, currency: 'EUR' } },
    },
    { id: 'rw_10_percent', name: '10% off', costPoints: 600, effect: { type: 'percent_off', basisPoints: 1000 } },
  ],
  vouchers: [],
};

/** TEST-ONLY. {@link testCoffeeProgramInput}, parsed (defaults applied). */
export const testCoffeeProgram: Program = ProgramSchema.parse(testCoffeeProgramInput);

/** TEST-ONLY. The stamp card's reward, as it appears in a balance once the card is full (free to use). */
export const testUnlockedCoffeeReward: Reward = {
  id: 'rw_stamp_coffee',
  name: 'Free coffee (stamp card)',
  costPoints: 0,
  effect: { type: 'free_product', sku: 'COF-CAP' },
};

/** TEST-ONLY. A line as a test writes it: prices in cents, quantity 1 and category none by default. */
export interface TestLineSpec {
  sku: string;
  /** The line's name; the SKU when left out. */
  name?: string;
  category?: string;
  quantity?: number;
  unitPrice: number;
  discount?: number;
  lineId?: string;
}

/** TEST-ONLY. The Beanery's menu, in cents. */
export const testMenu = {
  cappuccino: { sku: 'COF-CAP', category: 'coffee', unitPrice: 340 },
  espressoBeans: { sku: 'COF-ESP', category: 'coffee', unitPrice: 1899 },
  bananaBread: { sku: 'BAK-BAN', category: 'organic', unitPrice: 295 },
  croissant: { sku: 'BAK-CRO', category: 'bakery', unitPrice: 260 },
  giftCard: { sku: 'GFT-25', category: 'gift_cards', unitPrice: 2500 },
} as const satisfies Record<string, TestLineSpec>;

/** TEST-ONLY. Transaction lines with totals computed exactly as a register does. */
export function testLines(specs: readonly TestLineSpec[], currency = 'EUR'): TransactionLine[] {
  return specs.map((spec, index) => {
    const draft = {
      lineId: spec.lineId ?? String(index + 1),
      sku: spec.sku,
      name: spec.name ?? spec.sku,
      ...(spec.category === undefined ? {} : { category: spec.category }),
      quantity: spec.quantity ?? 1,
      unitPrice: { amount: spec.unitPrice, currency },
      discounts:
        spec.discount === undefined
          ? []
          : [{ amount: { amount: spec.discount, currency }, kind: 'promotion' as const }],
    };
    return { ...draft, total: lineTotal(draft) };
  });
}

/**
 * TEST-ONLY. A parsed transaction of `kind` with `specs` as lines. Defaults: a sale on Wednesday
 * 11 March 2026 at 09:30 in Amsterdam (a weekday, so the weekend promotion is closed), in EUR.
 */
export function testTransaction(
  specs: readonly TestLineSpec[],
  overrides: Partial<TransactionInput> = {},
): Transaction {
  const currency = overrides.currency ?? 'EUR';
  const lines = testLines(specs, currency);
  return parseTransaction({
    id: 'R-1001',
    kind: 'sale',
    storeId: 'ams-centrum',
    registerId: 'reg-1',
    occurredAt: '2026-03-11T09:30:00+01:00',
    currency,
    lines,
    totals: computeTotals(lines, currency),
    ...overrides,
  });
}

/** TEST-ONLY. A cart at the Beanery's Centrum store, with `specs` as lines. */
export function testCart(specs: readonly TestLineSpec[], overrides: Partial<Cart> = {}): Cart {
  return {
    storeId: 'ams-centrum',
    registerId: 'reg-1',
    currency: 'EUR',
    lines: testLines(specs, overrides.currency ?? 'EUR'),
    at: '2026-03-11T09:30:00+01:00',
    ...overrides,
  };
}

/** TEST-ONLY. A balance with `available` points and nothing held. */
export function testBalance(
  available: number,
  rewards: Reward[] = [],
): Pick<Balance, 'points'> & { rewards: Reward[] } {
  return { points: { available, held: 0, pending: 0, lifetime: available }, rewards };
}
