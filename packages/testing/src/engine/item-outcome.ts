import type { TransactionItemResult, ValidationIssue } from '@loyalty-link/core';
import { problemDocument } from './problem-document';

const statusOf: Record<string, number> = {
  validation_failed: 422,
  customer_not_found: 404,
  customer_inactive: 422,
  idempotency_conflict: 409,
  hold_not_found: 404,
  return_exceeds_sale: 422,
  already_voided: 409,
  invalid_original: 422,
};

/** A batch item the platform will never accept as it is, with a problem carrying a stable code. */
export function rejected(
  idempotencyKey: string,
  transactionId: string | undefined,
  code: string,
  detail: string,
  errors?: ValidationIssue[],
): TransactionItemResult {
  return {
    status: 'rejected',
    idempotencyKey,
    ...(transactionId === undefined ? {} : { transactionId }),
    problem: problemDocument(statusOf[code] ?? 422, code, detail, { errors }),
  };
}

/** A batch item recorded now. */
export function accepted(
  idempotencyKey: string,
  transactionId: string,
  outcome: { pointsEarned: number; pointsRedeemed: number },
): TransactionItemResult {
  return { status: 'accepted', idempotencyKey, transactionId, ...outcome };
}
