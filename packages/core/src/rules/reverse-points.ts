import { ValidationError } from '../errors/validation-error';
import { quantityToMilli } from '../money/money';
import { toSafeInteger } from './integer-math';

/** One return of part of a sale line, against what was sold and returned before. */
export interface ReversePointsInput {
  /** The quantity the sale line sold (positive, at most three decimals). */
  soldQuantity: number;
  /** The points the sale line earned (`EarnEstimate.lines[i].points`). */
  linePoints: number;
  /** The quantity of this line already returned by earlier returns (default 0). */
  alreadyReturnedQuantity?: number;
  /** The quantity returned now. */
  returningQuantity: number;
}

function milli(quantity: number, field: string, allowZero: boolean): bigint {
  const value = quantityToMilli(quantity);
  if (value < 0 || (!allowZero && value === 0)) {
    throw new ValidationError('return', [
      { path: [field], code: 'invalid_quantity', message: allowZero ? 'must not be negative' : 'must be positive' },
    ]);
  }
  return BigInt(value);
}

/**
 * The points to take back when `returningQuantity` of a sale line comes back, given what earlier returns
 * of the same line already took:
 *
 * `⌊linePoints × (already + returning) / sold⌋ − ⌊linePoints × already / sold⌋`
 *
 * computed in integer thousandths of a unit. Because each return takes the difference of the same
 * cumulative floor, any series of partial returns that adds up to the whole line takes back exactly
 * `linePoints`, and no prefix of the series ever takes back more than the line earned. Quantities beyond
 * what was sold are capped at the sold quantity: returning more than was bought reverses nothing more.
 * (Whether such a return is accepted at all is for the caller to decide.)
 *
 * Throws a `ValidationError` for a non-positive sold quantity, a negative quantity or negative points.
 *
 * @example
 * // A line of 3 units earned 10 points; three single-unit returns take back 3, 3 and 4.
 * reversePoints({ soldQuantity: 3, linePoints: 10, alreadyReturnedQuantity: 0, returningQuantity: 1 }) // 3
 * reversePoints({ soldQuantity: 3, linePoints: 10, alreadyReturnedQuantity: 1, returningQuantity: 1 }) // 3
 * reversePoints({ soldQuantity: 3, linePoints: 10, alreadyReturnedQuantity: 2, returningQuantity: 1 }) // 4
 */
export function reversePoints(input: ReversePointsInput): number {
  const sold = milli(input.soldQuantity, 'soldQuantity', false);
  const already = milli(input.alreadyReturnedQuantity ?? 0, 'alreadyReturnedQuantity', true);
  const returning = milli(input.returningQuantity, 'returningQuantity', true);
  if (!Number.isSafeInteger(input.linePoints) || input.linePoints < 0) {
    throw new ValidationError('return', [
      { path: ['linePoints'], code: 'invalid_points', message: 'must be a non-negative whole number' },
    ]);
  }
  return toSafeInteger(reversePointsMilli(BigInt(input.linePoints), sold, already, returning), 'points reversed');
}

/**
 * {@link reversePoints} on quantities already in integer thousandths, without validation: for callers that
 * track returned quantities in thousandths themselves. `sold` must be positive, the rest non-negative.
 */
export function reversePointsMilli(linePoints: bigint, sold: bigint, already: bigint, returning: bigint): bigint {
  const before = already < sold ? already : sold;
  const after = already + returning < sold ? already + returning : sold;
  return (linePoints * after) / sold - (linePoints * before) / sold;
}
