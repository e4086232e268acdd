import { ValidationError } from '../errors/validation-error';
import { type Money, money } from './money';

/**
 * Splits `total` into parts proportional to `weights` by the largest-remainder method, so the parts
 * always sum to exactly `total`. Each part first gets the floor of its exact share; the minor units
 * left over go one each to the parts with the largest remainders (ties: the earlier part). Works for
 * negative totals too (the magnitudes are allocated, then the sign is restored).
 *
 * Use it to spread a basket discount or a points redemption across lines.
 *
 * @example
 * allocate(money(100, 'EUR'), [1, 1, 1]) // 34, 33, 33 cents
 */
export function allocate(total: Money, weights: readonly number[]): Money[] {
  return allocateInteger(total.amount, weights).map((amount) => money(amount, total.currency));
}

/**
 * Largest-remainder allocation of an integer (minor units, points) by non-negative integer weights.
 * If every weight is zero, the total is split evenly.
 */
export function allocateInteger(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total)) {
    throw new ValidationError('allocation', [
      { path: ['total'], code: 'not_integer', message: 'must be a safe integer' },
    ]);
  }
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new ValidationError('allocation', [
      { path: ['weights'], code: 'too_small', message: 'needs at least one weight to allocate a non-zero total' },
    ]);
  }
  const issues = weights.flatMap((weight, index) =>
    Number.isSafeInteger(weight) && weight >= 0
      ? []
      : [{ path: ['weights', index], code: 'invalid_weight', message: 'must be a non-negative safe integer' }],
  );
  if (issues.length > 0) throw new ValidationError('allocation', issues);

  const effective = weights.every((weight) => weight === 0) ? weights.map(() => 1) : weights;
  const negative = total < 0;
  const magnitude = BigInt(Math.abs(total));
  let weightSum = 0n;
  for (const weight of effective) weightSum += BigInt(weight);

  const parts: bigint[] = [];
  const remainders: { index: number; remainder: bigint }[] = [];
  let allocated = 0n;
  effective.forEach((weight, index) => {
    const exact = magnitude * BigInt(weight);
    const part = exact / weightSum;
    parts.push(part);
    allocated += part;
    remainders.push({ index, remainder: exact % weightSum });
  });

  let left = magnitude - allocated;
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts.map((part) => (negative && part !== 0n ? -Number(part) : Number(part)));
}
