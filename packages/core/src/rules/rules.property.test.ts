import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multiplyMoney } from '../money/money';
import { type Program, type ProgramInput, ProgramSchema } from '../schemas/program';
import type { RedemptionQuoteResult, RedemptionRequest } from '../schemas/redemption';
import type { Transaction } from '../schemas/transaction';
import { estimateEarn } from './estimate-earn';
import { quoteRedemption } from './quote-redemption';
import { estimateReturnReversal } from './reverse-earn';
import { type TestLineSpec, testBalance, testCart, testCoffeeProgramInput, testTransaction } from './test-program';

const CATEGORIES = ['coffee', 'organic', 'bakery', 'tea', 'gift_cards'] as const;
const SKUS = ['COF-CAP', 'COF-ESP', 'BAK-CRO', 'TEA-MNT', 'GFT-25'] as const;

// Multipliers are drawn as basis points so that every one is valid (positive, ≤ 100, four decimals), mostly
// realistic ones (×0.0001 to ×3, below 1 included) and sometimes anything up to ×100.
const multiplier = fc
  .oneof(fc.integer({ min: 1, max: 30_000 }), fc.integer({ min: 1, max: 1_000_000 }))
  .map((basisPoints) => basisPoints / 10_000);
const category = fc.constantFrom(...CATEGORIES);
const sku = fc.constantFrom(...SKUS);
const clock = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([hour, minute]) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
const window = fc.option(
  fc.record(
    {
      daysOfWeek: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
      fromTime: clock,
      untilTime: clock,
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
const withWindow = <T extends object>(rule: fc.Arbitrary<T>) =>
  fc.tuple(rule, window).map(([body, open]) => (open === undefined ? body : { ...body, window: open }));

const perAmount = fc.record({
  type: fc.constant('per_amount' as const),
  points: fc.integer({ min: 1, max: 10 }),
  per: fc.integer({ min: 1, max: 1000 }),
});

const earnRule = fc.oneof(
  withWindow(perAmount),
  withWindow(
    fc.record(
      { type: fc.constant('per_visit' as const), points: fc.integer({ min: 1, max: 100 }), category },
      { requiredKeys: ['type', 'points'] },
    ),
  ),
  withWindow(
    fc.record({
      type: fc.constant('stamp_card' as const),
      category,
      stampsRequired: fc.integer({ min: 2, max: 100 }),
      rewardId: fc.constant('rw_stamp'),
    }),
  ),
  withWindow(fc.record({ type: fc.constant('category_multiplier' as const), category, multiplier })),
  withWindow(
    fc.record({ type: fc.constant('product_bonus' as const), sku, pointsPerUnit: fc.integer({ min: 1, max: 100 }) }),
  ),
  withWindow(fc.record({ type: fc.constant('promotion_multiplier' as const), multiplier })),
  withWindow(
    fc.record({
      type: fc.constant('birthday_bonus' as const),
      points: fc.integer({ min: 1, max: 500 }),
      daysAround: fc.integer({ min: 0, max: 31 }),
    }),
  ),
);

const redemption = fc.record({
  minPoints: fc.integer({ min: 0, max: 500 }),
  step: fc.integer({ min: 1, max: 50 }),
  // Points worth fractions of a cent, and (the second shape) points worth several cents each.
  pointValue: fc.oneof(
    fc.record({ points: fc.integer({ min: 1, max: 1000 }), amount: fc.integer({ min: 1, max: 1000 }) }),
    fc.record({ points: fc.integer({ min: 1, max: 5 }), amount: fc.integer({ min: 1, max: 500 }) }),
  ),
  maxBasketShareBasisPoints: fc.integer({ min: 1, max: 10_000 }),
  excludedSkus: fc.subarray([...SKUS], { maxLength: 2 }),
  excludedCategories: fc.subarray([...CATEGORIES], { maxLength: 2 }),
  reductionMethod: fc.constantFrom('front_end' as const, 'back_end' as const),
});

const program: fc.Arbitrary<Program> = fc
  .record({
    // A base rule that is always open, so that most sales earn something to attribute and reverse.
    earnRules: fc.tuple(perAmount, fc.array(earnRule, { maxLength: 8 })).map(([base, rest]) => [base, ...rest]),
    tierMultipliers: fc.array(multiplier, { minLength: 1, maxLength: 3 }),
    minimumBasket: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2000 })),
    redemption,
  })
  .map(({ earnRules, tierMultipliers, minimumBasket, redemption: rules }) => {
    const input: ProgramInput = {
      ...testCoffeeProgramInput,
      minimumBasket,
      earnRules: earnRules.map((rule, index) => ({ ...rule, id: `rule-${index}` })),
      tiers: tierMultipliers.map((value, index) => ({
        id: `tier-${index}`,
        name: `Tier ${index}`,
        threshold: index * 500,
        multiplier: value,
        perks: [],
      })),
      redemption: rules,
    };
    return ProgramSchema.parse(input);
  });

const lineSpec: fc.Arbitrary<TestLineSpec> = fc
  .record({
    sku,
    category: fc.option(category, { nil: undefined }),
    // Whole units most of the time, weighed goods (three decimals) otherwise.
    quantity: fc.oneof(
      fc.integer({ min: 1, max: 20 }),
      fc.integer({ min: 1, max: 20_000 }).map((milli) => milli / 1000),
    ),
    unitPrice: fc.oneof(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 50_000 })),
    discountBasisPoints: fc.integer({ min: 0, max: 10_000 }),
  })
  .map(({ category: cat, discountBasisPoints, ...spec }) => {
    const gross = multiplyMoney({ amount: spec.unitPrice, currency: 'EUR' }, spec.quantity).amount;
    const discount = Math.floor((gross * discountBasisPoints) / 10_000);
    return { ...spec, ...(cat === undefined ? {} : { category: cat }), ...(discount > 0 ? { discount } : {}) };
  });

// Any instant in 2026, so windows and birthdays are hit and missed.
const instant = fc
  .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) })
  .map((epochMs) => new Date(epochMs).toISOString());
const birthDate = fc.option(
  fc
    .date({ min: new Date(Date.UTC(1940, 0, 1)), max: new Date(Date.UTC(2010, 0, 1)), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10)),
  { nil: undefined },
);

interface EarnCase {
  program: Program;
  specs: TestLineSpec[];
  occurredAt: string;
  tierIndex: number;
  birthDate: string | undefined;
}

const earnCase: fc.Arbitrary<EarnCase> = fc.record({
  program,
  specs: fc.array(lineSpec, { minLength: 1, maxLength: 8 }),
  occurredAt: instant,
  tierIndex: fc.integer({ min: -1, max: 2 }),
  birthDate,
});

function earnOf({ program: p, specs, occurredAt, tierIndex, birthDate: birth }: EarnCase) {
  const sale = testTransaction(specs, { occurredAt });
  const tier = p.tiers[tierIndex];
  const estimate = estimateEarn(p, sale, {
    ...(tier === undefined ? {} : { tier: tier.id }),
    ...(birth === undefined ? {} : { birthDate: birth }),
  });
  return { sale, estimate };
}

function returnOf(sale: Transaction, quantities: readonly number[], id: string, byLineId = true): Transaction {
  const specs = sale.lines.flatMap((line, index): TestLineSpec[] => {
    const quantity = quantities[index] ?? 0;
    if (quantity === 0) return [];
    return [
      {
        sku: line.sku,
        quantity,
        unitPrice: line.unitPrice.amount,
        ...(line.lineId === undefined ? {} : { lineId: line.lineId }),
      },
    ];
  });
  const tx = testTransaction(specs, { id, kind: 'return', originalTransactionId: sale.id });
  return byLineId ? tx : { ...tx, lines: tx.lines.map(({ lineId: _lineId, ...line }) => line) };
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

describe('estimateEarn properties', () => {
  it('earns whole, non-negative points, attributed exactly once to a line and once to a rule', () => {
    fc.assert(
      fc.property(earnCase, (input) => {
        const { sale, estimate } = earnOf(input);
        expect(Number.isSafeInteger(estimate.points)).toBe(true);
        expect(estimate.points).toBeGreaterThanOrEqual(0);
        expect(estimate.lines.map((line) => line.lineIndex)).toEqual(sale.lines.map((_, index) => index));
        for (const line of estimate.lines) {
          expect(Number.isSafeInteger(line.points) && line.points >= 0).toBe(true);
        }
        expect(sum(estimate.lines.map((line) => line.points))).toBe(estimate.points);
        expect(sum(estimate.rules.map((rule) => rule.points))).toBe(estimate.points);
      }),
    );
  });

  it('is a pure function: the same sale always earns the same', () => {
    fc.assert(
      fc.property(earnCase, (input) => {
        expect(earnOf(input).estimate).toEqual(earnOf(input).estimate);
      }),
      { numRuns: 30 },
    );
  });
});

describe('reversal properties', () => {
  it('takes back exactly what the sale earned on a full return or a void', () => {
    fc.assert(
      fc.property(earnCase, (input) => {
        const { sale, estimate } = earnOf(input);
        const fullReturn = returnOf(
          sale,
          sale.lines.map((line) => line.quantity),
          'RT-1',
        );
        expect(estimateReturnReversal(estimate, sale, fullReturn).points).toBe(estimate.points);
        // Matched by sku instead (lines with the same sku filled in order), the whole sale still comes back.
        const bySku = returnOf(
          sale,
          sale.lines.map((line) => line.quantity),
          'RT-2',
          false,
        );
        expect(estimateReturnReversal(estimate, sale, bySku).points).toBe(estimate.points);
        const voided = testTransaction([], { id: 'V-1', kind: 'void', originalTransactionId: sale.id });
        expect(estimateReturnReversal(estimate, sale, voided).points).toBe(estimate.points);
      }),
    );
  });

  it('takes back exactly the sale over any series of partial returns, never more along the way', () => {
    const partialCase = earnCase.chain((input) =>
      fc.record({
        input: fc.constant(input),
        // For each line, cut points (in thousandths) that split its quantity into up to four returns.
        cuts: fc.tuple(
          ...input.specs.map((spec) =>
            fc.array(fc.integer({ min: 0, max: Math.round((spec.quantity ?? 1) * 1000) }), { maxLength: 3 }),
          ),
        ),
      }),
    );
    fc.assert(
      fc.property(partialCase, ({ input, cuts }) => {
        const { sale, estimate } = earnOf(input);
        const parts = sale.lines.map((line, index) => {
          const total = Math.round(line.quantity * 1000);
          const bounds = [0, ...[...(cuts[index] ?? [])].sort((a, b) => a - b), total];
          return bounds.slice(1).map((bound, step) => (bound - (bounds[step] ?? 0)) / 1000);
        });
        const rounds = Math.max(...parts.map((list) => list.length));
        let returned = new Map<number, number>();
        let reversed = 0;
        for (let round = 0; round < rounds; round++) {
          const quantities = parts.map((list) => list[round] ?? 0);
          if (quantities.every((quantity) => quantity === 0)) continue;
          const reversal = estimateReturnReversal(estimate, sale, returnOf(sale, quantities, `RT-${round}`), returned);
          expect(reversal.points).toBeGreaterThanOrEqual(0);
          reversed += reversal.points;
          expect(reversed).toBeLessThanOrEqual(estimate.points);
          returned = reversal.returnedQuantities;
        }
        expect(reversed).toBe(estimate.points);
      }),
    );
  });
});

const quoteCase = fc.record({
  program,
  specs: fc.array(lineSpec, { minLength: 1, maxLength: 8 }),
  available: fc.integer({ min: 0, max: 100_000 }),
  extra: fc.integer({ min: 0, max: 100_000 }),
  request: fc.oneof<fc.Arbitrary<RedemptionRequest>[]>(
    fc.record({ type: fc.constant('points' as const), points: fc.integer({ min: 1, max: 100_000 }) }),
    fc.record({
      type: fc.constant('amount' as const),
      amount: fc.integer({ min: 0, max: 100_000 }).map((amount) => ({ amount, currency: 'EUR' })),
    }),
    fc.constant({ type: 'max' as const }),
    fc.constantFrom('rw_free_cappuccino', 'rw_5_off', 'rw_10_percent', 'rw_unknown').map((rewardId) => ({
      type: 'reward' as const,
      rewardId,
    })),
  ),
});

describe('quoteRedemption properties', () => {
  it('allocates exactly the amount over eligible lines, within each line, and within the balance and share', () => {
    fc.assert(
      fc.property(quoteCase, ({ program: p, specs, available, request }) => {
        const cart = testCart(specs);
        const quote = quoteRedemption(p, cart, testBalance(available), request);
        if (!quote.ok) return;
        const rules = p.redemption;
        expect(sum(quote.allocations.map((part) => part.amount.amount))).toBe(quote.amount.amount);
        for (const part of quote.allocations) {
          const line = cart.lines[part.lineIndex];
          expect(line).toBeDefined();
          expect(part.amount.amount).toBeGreaterThan(0);
          expect(part.amount.amount).toBeLessThanOrEqual(line?.total.amount ?? -1);
          expect(rules.excludedSkus).not.toContain(line?.sku);
          if (line?.category !== undefined) expect(rules.excludedCategories).not.toContain(line.category);
        }
        expect(quote.points).toBeLessThanOrEqual(available);
        expect(quote.amount.amount).toBeLessThanOrEqual(quote.eligibleAmount.amount);
        if (request.type !== 'reward') {
          const share = Math.floor((quote.eligibleAmount.amount * rules.maxBasketShareBasisPoints) / 10_000);
          expect(quote.amount.amount).toBeLessThanOrEqual(share);
          expect(quote.points % rules.step).toBe(0);
          expect(quote.points).toBeGreaterThanOrEqual(Math.max(rules.minPoints, 1));
          expect(quote.points).toBeLessThanOrEqual(quote.maxPoints);
          expect(quote.amount.amount).toBe(
            Math.floor((quote.points * rules.pointValue.amount) / rules.pointValue.points),
          );
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never gets worse for the customer with more points available', () => {
    const outcome = (result: RedemptionQuoteResult) => (result.ok ? result.points : -1);
    fc.assert(
      fc.property(quoteCase, ({ program: p, specs, available, extra, request }) => {
        const cart = testCart(specs);
        const fewer = quoteRedemption(p, cart, testBalance(available), request);
        const more = quoteRedemption(p, cart, testBalance(available + extra), request);
        if (!fewer.ok) return;
        expect(more.ok).toBe(true);
        expect(outcome(more)).toBeGreaterThanOrEqual(outcome(fewer));
        if (more.ok) expect(more.amount.amount).toBeGreaterThanOrEqual(fewer.amount.amount);
      }),
    );
  });
});
