import * as z from 'zod/mini';
import { ValidationError } from '../errors/validation-error';
import { CurrencySchema } from '../schemas/common';

/**
 * An amount of money: integer minor units (cents for EUR, yen for JPY) and an ISO 4217 currency.
 * Never a float. `{ amount: 1999, currency: 'EUR' }` is €19.99.
 */
export const MoneySchema = z.object({
  /** Integer minor units; negative for refunds and corrections. */
  amount: z.int(),
  /** ISO 4217 currency code. */
  currency: CurrencySchema,
});

/** An amount of money in integer minor units with its ISO 4217 currency. */
export type Money = z.infer<typeof MoneySchema>;

/** An amount of money that may not be negative (prices, payments, totals). */
export const NonNegativeMoneySchema = z.object({
  /** Integer minor units, zero or more. */
  amount: z.int().check(z.nonnegative()),
  /** ISO 4217 currency code. */
  currency: CurrencySchema,
});

function assertAmount(amount: number): void {
  if (!Number.isSafeInteger(amount)) {
    throw new ValidationError('money', [
      { path: ['amount'], code: 'not_minor_units', message: 'must be a safe integer number of minor units' },
    ]);
  }
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new ValidationError('money', [
      { path: ['currency'], code: 'currency_mismatch', message: `cannot combine ${a.currency} with ${b.currency}` },
    ]);
  }
}

/** Makes a {@link Money} from integer minor units. Throws `ValidationError` for a fractional amount. */
export function money(amount: number, currency: string): Money {
  assertAmount(amount);
  return { amount, currency };
}

/** Zero in `currency`. */
export function zeroMoney(currency: string): Money {
  return { amount: 0, currency };
}

/** `a + b`; both must have the same currency. */
export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

/** `a - b`; both must have the same currency. */
export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

/** The sum of `items`, all in `currency` (zero for an empty list). */
export function sumMoney(items: readonly Money[], currency: string): Money {
  let total = zeroMoney(currency);
  for (const item of items) total = addMoney(total, item);
  return total;
}

/** Compares two amounts of the same currency: negative, zero or positive like a sort comparator. */
export function compareMoney(a: Money, b: Money): number {
  assertSameCurrency(a, b);
  return a.amount - b.amount;
}

/** Rounds `numerator / denominator` half away from zero, in integers (the denominator must be positive). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const rounded = (magnitude * 2n + denominator) / (denominator * 2n);
  return negative ? -rounded : rounded;
}

/**
 * A quantity as integer thousandths (`1.5` → `1500`). Quantities carry at most three decimals (weighed
 * goods in grams); anything finer is rejected rather than silently rounded.
 */
export function quantityToMilli(quantity: number): number {
  const milli = Math.round(quantity * 1000);
  if (!Number.isSafeInteger(milli) || Math.abs(quantity * 1000 - milli) > 1e-6) {
    throw new ValidationError('quantity', [
      { path: [], code: 'too_precise', message: 'must have at most three decimals' },
    ]);
  }
  return milli;
}

/**
 * `unit × quantity`, rounded half away from zero to a whole minor unit, computed in integers.
 * @example multiplyMoney(money(299, 'EUR'), 1.25) // { amount: 374, currency: 'EUR' }
 */
export function multiplyMoney(unit: Money, quantity: number): Money {
  const milli = BigInt(quantityToMilli(quantity));
  return money(Number(divideRounded(BigInt(unit.amount) * milli, 1000n)), unit.currency);
}

/** `basisPoints / 10000` of `amount` (2500 bp = 25 %), rounded half away from zero, in integers. */
export function percentOfMoney(amount: Money, basisPoints: number): Money {
  assertAmount(basisPoints);
  return money(Number(divideRounded(BigInt(amount.amount) * BigInt(basisPoints), 10000n)), amount.currency);
}

// ISO 4217 minor units of the currencies that do not have two. Not from `Intl`: its display digits differ
// from the minor units for some currencies (HUF, IDR, COP, LBP, IQD …), and between ICU versions.
const minorUnitExceptions: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** The number of minor-unit digits of a currency as ISO 4217 defines it (2 for EUR, 0 for JPY, 3 for KWD). */
export function currencyExponent(currency: string): number {
  return minorUnitExceptions[currency] ?? 2;
}

/** The amount as an exact decimal string in major units (`1999 EUR` → `"19.99"`), without floats. */
export function toDecimalString(value: Money): string {
  const exponent = currencyExponent(value.currency);
  const negative = value.amount < 0;
  const digits = Math.abs(value.amount)
    .toString()
    .padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
}

/** Formats for people, e.g. `€19.99` or `19,99 €` depending on `locale`. Exact: no float conversion. */
export function formatMoney(value: Money, locale?: string): string {
  const formatter = new Intl.NumberFormat(locale, { style: 'currency', currency: value.currency });
  // Intl accepts exact decimal strings; the cast only works around older lib typings.
  return formatter.format(toDecimalString(value) as unknown as number);
}
