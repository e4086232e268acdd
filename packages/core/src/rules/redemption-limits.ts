import type { RedemptionRules } from '../schemas/program';
import type { RedemptionQuote } from '../schemas/redemption';
import { ceilDiv } from './integer-math';

/** A limit that can make a quote smaller than requested. */
export type RedemptionLimit = NonNullable<RedemptionQuote['limitedBy']>;

/** The exchange rate and the caps for one basket and balance, in BigInt. */
export interface RedemptionLimits {
  /** The most points the balance and the basket share allow, before rounding to `step`. */
  cap: bigint;
  /** Which of the two set `cap` (the balance when they are equal). */
  capLimit: RedemptionLimit;
  /** `cap` rounded down to a multiple of `step`. */
  maxPoints: bigint;
  step: bigint;
  /** What `points` are worth in minor units: `⌊points × amount / pointValue.points⌋`. */
  valueOf(points: bigint): bigint;
  /** The fewest points, in multiples of `step`, worth at least `amount` minor units. */
  pointsFor(amount: bigint): bigint;
  /** Clamps `wanted` points to `cap`, then down to `step`, naming the limit that cut it. */
  clamp(wanted: bigint): { points: bigint; limitedBy?: RedemptionLimit };
}

/**
 * The points ↔ money arithmetic of a redemption: `pointValue.points` points are worth `pointValue.amount`
 * minor units, fractions of a minor unit are never paid out, and the money may not exceed
 * `⌊eligible × maxBasketShareBasisPoints / 10000⌋`.
 *
 * @example
 * // 100 points = €1, at most half of a €22.39 basket, steps of 10, 5000 points available:
 * redemptionLimits(rules, 2239, 5000n).maxPoints // 1110n (worth €11.10 ≤ €11.19)
 */
export function redemptionLimits(rules: RedemptionRules, eligibleAmount: number, available: bigint): RedemptionLimits {
  const ratePoints = BigInt(rules.pointValue.points);
  const rateAmount = BigInt(rules.pointValue.amount);
  const step = BigInt(rules.step);
  const maxMoney = (BigInt(eligibleAmount) * BigInt(rules.maxBasketShareBasisPoints)) / 10_000n;
  // The most points worth at most maxMoney: ⌊p·a/P⌋ ≤ m ⇔ p·a < (m+1)·P ⇔ p ≤ ⌊((m+1)·P − 1) / a⌋.
  const byShare = ((maxMoney + 1n) * ratePoints - 1n) / rateAmount;
  const cap = available < byShare ? available : byShare;
  const capLimit: RedemptionLimit = available <= byShare ? 'balance' : 'basket_share';
  return {
    cap,
    capLimit,
    maxPoints: cap - (cap % step),
    step,
    valueOf: (points) => (points * rateAmount) / ratePoints,
    pointsFor: (amount) => ceilDiv(ceilDiv(amount * ratePoints, rateAmount), step) * step,
    clamp(wanted) {
      let points = wanted;
      let limitedBy: RedemptionLimit | undefined;
      if (points > cap) {
        points = cap;
        limitedBy = capLimit;
      }
      if (points % step !== 0n) {
        points -= points % step;
        limitedBy ??= 'step';
      }
      return limitedBy === undefined ? { points } : { points, limitedBy };
    },
  };
}
