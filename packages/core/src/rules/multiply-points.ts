import { BASIS_POINTS } from './integer-math';

/**
 * Multiplies `base` points by every factor (in basis points) and rounds down once: the result is
 * `⌊base × f₁ × f₂ × … / 10000ⁿ⌋`, exact in BigInt. Returns what each factor contributed, attributed by
 * telescoping floors: factor *i* gets `⌊base × f₁…fᵢ⌋ − ⌊base × f₁…fᵢ₋₁⌋`. The contributions therefore sum
 * to exactly `⌊base × f₁…fₙ⌋ − base` whatever the order; the order only decides which factor the rounding
 * is charged to. A factor below 10000 (×1) contributes a negative amount.
 *
 * @example
 * multiplyPoints(5n, [15000n, 15000n]) // [2n, 4n]: 5 × 1.5 × 1.5 = 11.25 → 11 = 5 + 2 + 4
 */
export function multiplyPoints(base: bigint, factors: readonly bigint[]): bigint[] {
  let numerator = base;
  let denominator = 1n;
  let previous = base;
  return factors.map((factor) => {
    numerator *= factor;
    denominator *= BASIS_POINTS;
    const value = numerator / denominator;
    const contribution = value - previous;
    previous = value;
    return contribution;
  });
}
