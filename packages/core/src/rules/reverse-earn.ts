import { ValidationError } from '../errors/validation-error';
import { quantityToMilli } from '../money/money';
import type { Transaction } from '../schemas/transaction';
import type { EarnEstimate } from './earn-estimate';
import { toSafeInteger } from './integer-math';
import { reversePointsMilli } from './reverse-points';

/** Quantities already returned, keyed by the sale line's index in `sale.lines`. */
export type ReturnedQuantities = ReadonlyMap<number, number>;

/** Points taken back for (part of) one sale line. */
export interface ReturnReversalLine {
  /** The sale line's index in `sale.lines`. */
  saleLineIndex: number;
  /** The return line's index in `returnTx.lines`; absent for a void. */
  returnLineIndex?: number;
  /** The quantity of the sale line this entry reverses. */
  quantity: number;
  /** The points taken back, never negative. */
  points: number;
}

/** Returned quantity that matched no sale line, or more than the matched lines had left. */
export interface UnmatchedReturn {
  /** The return line's index in `returnTx.lines`. */
  returnLineIndex: number;
  /** The quantity left over; it reverses nothing. */
  quantity: number;
}

/** What a return or a void takes back from the sale's earn. */
export interface ReturnReversal {
  /** The points to take back: never negative, never more than the sale earned across all its returns. */
  points: number;
  /** One entry per sale line (part) reversed, in the order they were matched. */
  lines: ReturnReversalLine[];
  /** Returned quantities after this return (earlier ones included): pass it to the next return of the sale. */
  returnedQuantities: Map<number, number>;
  /** Quantities that could not be matched to what is left of the sale. */
  unmatched: UnmatchedReturn[];
}

function refuse(path: string, code: string, message: string): never {
  throw new ValidationError('return', [{ path: [path], code, message }]);
}

/**
 * The points a return (or a void) of `sale` takes back, given the estimate the sale earned
 * ({@link estimateEarn}) and what earlier returns of the sale already returned. Each matched part is
 * reversed with {@link reversePoints}, so a series of returns adding up to the whole sale takes back
 * exactly `saleEstimate.points`, and never more at any point of the series.
 *
 * Matching: a return line whose `lineId` names a sale line reverses that line; otherwise it is matched by
 * `sku`, filling the sale's lines with that sku in order as far as each has quantity left. What is left
 * over is listed in `unmatched` and reverses nothing. A `void` reverses everything not yet returned.
 *
 * Every point of the sale is attributed to a line, per-visit and birthday points included, so those
 * reverse with the lines they were attributed to: returning the whole sale takes them back, returning
 * one of three coffees takes back its share. Stamps are not reversed here.
 *
 * Throws a `ValidationError` when `returnTx` is a sale (`not_a_return`) or names another original
 * transaction (`original_mismatch`).
 *
 * @example
 * const first = estimateReturnReversal(earned, sale, returnOfOneCoffee);
 * const second = estimateReturnReversal(earned, sale, returnOfTheRest, first.returnedQuantities);
 * // first.points + second.points === earned.points
 */
export function estimateReturnReversal(
  saleEstimate: EarnEstimate,
  sale: Transaction,
  returnTx: Transaction,
  alreadyReturned: ReturnedQuantities = new Map(),
): ReturnReversal {
  if (returnTx.kind === 'sale') refuse('kind', 'not_a_return', 'must be a return or a void');
  if (returnTx.originalTransactionId !== undefined && returnTx.originalTransactionId !== sale.id) {
    refuse('originalTransactionId', 'original_mismatch', 'must name the sale being reversed');
  }

  const linePoints = sale.lines.map(() => 0n);
  for (const { lineIndex, points } of saleEstimate.lines) {
    if (lineIndex >= 0 && lineIndex < linePoints.length) linePoints[lineIndex] = BigInt(points);
  }
  const sold = sale.lines.map((line) => BigInt(quantityToMilli(line.quantity)));
  const returned = sale.lines.map((_, index) => BigInt(quantityToMilli(alreadyReturned.get(index) ?? 0)));

  const lines: ReturnReversalLine[] = [];
  const unmatched: UnmatchedReturn[] = [];
  let total = 0n;
  const reverse = (saleLineIndex: number, wanted: bigint, returnLineIndex?: number): bigint => {
    const soldMilli = sold[saleLineIndex] ?? 0n;
    const already = returned[saleLineIndex] ?? 0n;
    const left = soldMilli > already ? soldMilli - already : 0n;
    const taken = wanted < left ? wanted : left;
    if (taken === 0n) return 0n;
    const points = reversePointsMilli(linePoints[saleLineIndex] ?? 0n, soldMilli, already, taken);
    returned[saleLineIndex] = already + taken;
    total += points;
    lines.push({
      saleLineIndex,
      ...(returnLineIndex === undefined ? {} : { returnLineIndex }),
      quantity: Number(taken) / 1000,
      points: toSafeInteger(points, 'points reversed'),
    });
    return taken;
  };

  if (returnTx.kind === 'void') {
    sale.lines.forEach((_, index) => {
      reverse(index, sold[index] ?? 0n);
    });
  } else {
    returnTx.lines.forEach((line, returnLineIndex) => {
      const byId =
        line.lineId === undefined ? -1 : sale.lines.findIndex((candidate) => candidate.lineId === line.lineId);
      const candidates =
        byId >= 0 ? [byId] : sale.lines.flatMap((candidate, index) => (candidate.sku === line.sku ? [index] : []));
      let wanted = BigInt(quantityToMilli(line.quantity));
      for (const saleLineIndex of candidates) {
        if (wanted === 0n) break;
        wanted -= reverse(saleLineIndex, wanted, returnLineIndex);
      }
      if (wanted > 0n) unmatched.push({ returnLineIndex, quantity: Number(wanted) / 1000 });
    });
  }

  const returnedQuantities = new Map<number, number>();
  returned.forEach((quantity, index) => {
    if (quantity > 0n) returnedQuantities.set(index, Number(quantity) / 1000);
  });
  return { points: toSafeInteger(total, 'points reversed'), lines, returnedQuantities, unmatched };
}
