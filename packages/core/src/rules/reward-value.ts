import { percentOfMoney } from '../money/money';
import type { RewardEffect } from '../schemas/reward';
import type { TransactionLine } from '../schemas/transaction';

/** What a reward is worth on a basket, and on which lines the amount belongs. */
export type RewardValue =
  | {
      ok: true;
      /** Minor units off. */
      amount: number;
      /** The eligible lines the amount is spread over (weighted by their totals). */
      lineIndexes: number[];
      /** Set when the effect was cut down to what the basket allows. */
      cappedToEligible: boolean;
    }
  | { ok: false; code: 'nothing_eligible' | 'currency_mismatch' };

/**
 * The money a reward's effect takes off the eligible part of a basket, in `currency`:
 *
 * - `amount_off`: its amount, capped at the eligible amount (a €5 voucher on a €3 basket gives €3).
 * - `percent_off`: that share of the eligible amount, rounded half away from zero.
 * - `free_product`: the unit price of the first eligible line with the sku, capped at that line's total
 *   (a discounted or weighed line), and put on that line alone: a free coffee is a discount on the coffee,
 *   not spread over the croissant. No such line: `nothing_eligible`.
 *
 * @param eligible indexes of the lines points may pay for, in line order.
 */
export function rewardValue(
  effect: RewardEffect,
  lines: readonly TransactionLine[],
  eligible: readonly number[],
  eligibleAmount: number,
  currency: string,
): RewardValue {
  switch (effect.type) {
    case 'amount_off': {
      if (effect.amount.currency !== currency) return { ok: false, code: 'currency_mismatch' };
      const amount = Math.min(effect.amount.amount, eligibleAmount);
      return { ok: true, amount, lineIndexes: [...eligible], cappedToEligible: amount < effect.amount.amount };
    }
    case 'percent_off': {
      const amount = percentOfMoney({ amount: eligibleAmount, currency }, effect.basisPoints).amount;
      return { ok: true, amount, lineIndexes: [...eligible], cappedToEligible: false };
    }
    case 'free_product': {
      const index = eligible.find((candidate) => lines[candidate]?.sku === effect.sku);
      const line = index === undefined ? undefined : lines[index];
      if (index === undefined || line === undefined) return { ok: false, code: 'nothing_eligible' };
      const amount = Math.min(line.unitPrice.amount, line.total.amount);
      return { ok: true, amount, lineIndexes: [index], cappedToEligible: amount < line.unitPrice.amount };
    }
  }
}
