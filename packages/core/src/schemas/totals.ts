import { multiplyMoney } from '../money/money';
import type { LineDiscount } from './transaction';

/** A line before its total is known. */
export interface DraftLine {
  quantity: number;
  unitPrice: { amount: number; currency: string };
  discounts?: readonly LineDiscount[] | undefined;
}

/** The totals of a set of lines. */
export interface ComputedTotals {
  gross: { amount: number; currency: string };
  discounts: { amount: number; currency: string };
  net: { amount: number; currency: string };
}

/** A line's total: `unitPrice × quantity` rounded half away from zero, minus its discounts. */
export function lineTotal(line: DraftLine): { amount: number; currency: string } {
  const gross = multiplyMoney(line.unitPrice, line.quantity);
  const discount = (line.discounts ?? []).reduce((sum, item) => sum + item.amount.amount, 0);
  return { amount: gross.amount - discount, currency: gross.currency };
}

/**
 * The totals of `lines` in `currency`, computed exactly as the transaction invariants check them, so a
 * register (or a test) can fill in `totals` and each line's `total` without rounding surprises.
 *
 * @example
 * const lines = draft.map((line) => ({ ...line, total: lineTotal(line) }));
 * const sale = { ...header, lines, totals: computeTotals(lines, 'EUR') };
 */
export function computeTotals(lines: readonly DraftLine[], currency: string): ComputedTotals {
  let gross = 0;
  let discounts = 0;
  for (const line of lines) {
    gross += multiplyMoney(line.unitPrice, line.quantity).amount;
    discounts += (line.discounts ?? []).reduce((sum, item) => sum + item.amount.amount, 0);
  }
  return {
    gross: { amount: gross, currency },
    discounts: { amount: discounts, currency },
    net: { amount: gross - discounts, currency },
  };
}
