import { describe, expect, it } from 'vitest';
import { isValidationError } from '../errors/validation-error';
import {
  addMoney,
  currencyExponent,
  formatMoney,
  money,
  multiplyMoney,
  percentOfMoney,
  quantityToMilli,
  subtractMoney,
  sumMoney,
  toDecimalString,
} from './money';

describe('money', () => {
  it('adds and subtracts in minor units', () => {
    expect(addMoney(money(1999, 'EUR'), money(1, 'EUR'))).toEqual({ amount: 2000, currency: 'EUR' });
    expect(subtractMoney(money(500, 'EUR'), money(750, 'EUR'))).toEqual({ amount: -250, currency: 'EUR' });
    expect(sumMoney([money(10, 'EUR'), money(20, 'EUR'), money(30, 'EUR')], 'EUR').amount).toBe(60);
    expect(sumMoney([], 'USD')).toEqual({ amount: 0, currency: 'USD' });
  });

  it('refuses fractional minor units and mixed currencies with a coded error', () => {
    expect(() => money(19.99, 'EUR')).toThrowError(/safe integer/);
    try {
      addMoney(money(1, 'EUR'), money(1, 'USD'));
      expect.unreachable();
    } catch (error) {
      expect(isValidationError(error) && error.issues[0]?.code).toBe('currency_mismatch');
    }
  });

  it('multiplies by weighed quantities exactly, rounding half away from zero', () => {
    expect(multiplyMoney(money(299, 'EUR'), 1.245).amount).toBe(372); // 372.255
    expect(multiplyMoney(money(100, 'EUR'), 0.005).amount).toBe(1); // 0.5 rounds up
    expect(multiplyMoney(money(-100, 'EUR'), 0.005).amount).toBe(-1);
    expect(multiplyMoney(money(333, 'EUR'), 3).amount).toBe(999);
    // 0.1 + 0.2 style float traps do not leak into money.
    expect(multiplyMoney(money(10, 'EUR'), 0.3).amount).toBe(3);
  });

  it('rejects quantities finer than three decimals', () => {
    expect(quantityToMilli(1.5)).toBe(1500);
    expect(() => quantityToMilli(1.2345)).toThrowError(/three decimals/);
  });

  it('takes a percentage in basis points', () => {
    expect(percentOfMoney(money(1999, 'EUR'), 2500).amount).toBe(500); // 499.75
    expect(percentOfMoney(money(10, 'EUR'), 500).amount).toBe(1); // 0.5
  });

  it('knows currency exponents and formats without floats', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(toDecimalString(money(5, 'EUR'))).toBe('0.05');
    expect(toDecimalString(money(-123456, 'KWD'))).toBe('-123.456');
    expect(toDecimalString(money(1500, 'JPY'))).toBe('1500');
    expect(formatMoney(money(1999, 'EUR'), 'en-IE')).toBe('€19.99');
    // Beyond 2^53 / 100 a float conversion would lose cents; the string path does not.
    expect(formatMoney(money(9007199254740991, 'USD'), 'en-US')).toBe('$90,071,992,547,409.91');
  });
});
