// Values that are each valid but break the arithmetic or the calendar behind them: an amount beyond what a
// number holds, currencies whose minor units are not two, and a birth date whose year is unknown.
import { describe, expect, it } from 'vitest';
import {
  currencyExponent,
  estimateEarn,
  formatMoney,
  isNearBirthday,
  isValidationError,
  parseBirthDate,
  parseTransaction,
  TransactionSchema,
  toDecimalString,
} from '../src/index';
import { testCoffeeProgram, testTransaction } from '../src/rules/test-program';

describe('a line whose price × quantity is beyond what an amount can hold', () => {
  const huge = {
    id: 'H1',
    kind: 'sale',
    storeId: 'ams-centrum',
    registerId: 'reg-1',
    occurredAt: '2026-03-11T09:30:00Z',
    currency: 'EUR',
    lines: [
      {
        sku: 'A',
        name: 'A',
        quantity: 10_000,
        unitPrice: { amount: 1_000_000_000_000, currency: 'EUR' },
        total: { amount: 100, currency: 'EUR' },
      },
    ],
    totals: {
      gross: { amount: 100, currency: 'EUR' },
      discounts: { amount: 0, currency: 'EUR' },
      net: { amount: 100, currency: 'EUR' },
    },
  };

  it('fails the schema instead of throwing from inside it', () => {
    expect(TransactionSchema.safeParse(huge).success).toBe(false);
  });

  it('is reported on the line, with the code too_large', () => {
    const error = (() => {
      try {
        return parseTransaction(huge);
      } catch (caught) {
        return caught;
      }
    })();
    expect(isValidationError(error) && error.issues).toContainEqual(
      expect.objectContaining({ path: ['lines', 0, 'total'], code: 'too_large' }),
    );
  });
});

describe('currencies by their ISO 4217 minor units', () => {
  it.each([
    ['EUR', 2],
    ['HUF', 2],
    ['IDR', 2],
    ['COP', 2],
    ['LBP', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['KWD', 3],
    ['IQD', 3],
    ['CLF', 4],
  ])('%s has %i decimals', (currency, exponent) => {
    expect(currencyExponent(currency)).toBe(exponent);
  });

  it('prints amounts in those units', () => {
    expect(toDecimalString({ amount: 150_000, currency: 'HUF' })).toBe('1500.00');
    expect(toDecimalString({ amount: 1999, currency: 'IQD' })).toBe('1.999');
    expect(toDecimalString({ amount: 1999, currency: 'JPY' })).toBe('1999');
    expect(formatMoney({ amount: 150_000, currency: 'HUF' }, 'en')).not.toContain('150,000');
  });
});

describe('a birth date whose year is unknown (0000)', () => {
  it('is a real date on 29 February, since year 0 is a leap year', () => {
    expect(parseBirthDate('0000-02-29')).toEqual({ month: 2, day: 29 });
    expect(isNearBirthday({ year: 2028, month: 2, day: 29 }, '0000-02-29', 0)).toBe(true);
  });

  it('does not stop the offline estimate', () => {
    const sale = testTransaction([{ sku: 'A', unitPrice: 100 }]);
    expect(estimateEarn(testCoffeeProgram, sale, { birthDate: '0000-02-29' }).points).toBeGreaterThanOrEqual(0);
  });
});
