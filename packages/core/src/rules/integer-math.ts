import { ValidationError } from '../errors/validation-error';

/** One, in the basis points multipliers are computed in (`1.25` → `12500n`). */
export const BASIS_POINTS = 10_000n;

/**
 * A multiplier as integer basis points. The schema allows at most four decimals, so rounding only removes
 * the binary float's representation error (`1.1 * 10000` is `11000.000000000002`); it never changes a value.
 */
export function multiplierToBasisPoints(multiplier: number): bigint {
  return BigInt(Math.round(multiplier * 10_000));
}

/** `⌈numerator / denominator⌉` for a non-negative numerator and a positive denominator. */
export function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}

/**
 * Converts a points or money total computed in BigInt back to a number. Throws a `ValidationError`
 * (`too_large`) instead of silently losing precision above 2^53, which only absurd programs reach.
 */
export function toSafeInteger(value: bigint, subject: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new ValidationError(subject, [
      { path: [], code: 'too_large', message: 'exceeds the largest exact integer (2^53 - 1)' },
    ]);
  }
  return Number(value);
}
