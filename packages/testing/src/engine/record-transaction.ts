import { type TransactionItemResult, TransactionSchema, toValidationIssues } from '@loyalty-link/core';
import { canonicalJson } from './canonical-json';
import type { EngineContext } from './engine-context';
import type { HoldBook } from './holds';
import { rejected } from './item-outcome';
import { applyParked, recordReversal } from './record-reversal';
import { recordSale } from './record-sale';
import { identityOf, type TransactionBook } from './transaction-book';

/** One batch item as received: its key, and a transaction not yet validated. */
export interface RawBatchItem {
  idempotencyKey: string;
  transaction: unknown;
}

function transactionIdOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && /^[\x21-\x7E]{1,64}$/.test(id) ? id : undefined;
}

/**
 * Records one batch item (protocol §5): validates the transaction with `TransactionSchema` (a rejection
 * lists every issue with its path from the transaction), answers a repeat of a recorded item key as a
 * `duplicate` carrying the first outcome (or `idempotency_conflict` when the transaction differs), and
 * otherwise records the sale, return or void.
 */
export function recordTransaction(
  context: EngineContext,
  book: TransactionBook,
  holds: HoldBook,
  item: RawBatchItem,
): TransactionItemResult {
  const { idempotencyKey } = item;
  const parsed = TransactionSchema.safeParse(item.transaction);
  if (!parsed.success) {
    // Paths start at the transaction: the problem travels with the item (into a register's dead letters).
    const errors = toValidationIssues(parsed.error.issues);
    return rejected(
      idempotencyKey,
      transactionIdOf(item.transaction),
      'validation_failed',
      `${errors.length} issue${errors.length === 1 ? '' : 's'}`,
      errors,
    );
  }
  const transaction = parsed.data;
  const canonical = canonicalJson(transaction);

  const previous = book.byKey.get(idempotencyKey);
  if (previous !== undefined) {
    if (previous.canonical !== canonical) {
      return rejected(
        idempotencyKey,
        transaction.id,
        'idempotency_conflict',
        'This item key was recorded with a different transaction.',
      );
    }
    return { status: 'duplicate', idempotencyKey, transactionId: transaction.id, ...previous.outcome };
  }
  const identity = identityOf(transaction.storeId, transaction.registerId, transaction.id);
  if (book.byIdentity.has(identity)) {
    return rejected(
      idempotencyKey,
      transaction.id,
      'idempotency_conflict',
      'This transaction id was already recorded for this register under another key.',
    );
  }

  const { result, record } =
    transaction.kind === 'sale'
      ? recordSale(context, holds, idempotencyKey, transaction, canonical)
      : recordReversal(context, book, idempotencyKey, transaction, canonical);
  if (record !== undefined) {
    book.byKey.set(idempotencyKey, record);
    book.byIdentity.set(record.identity, record);
    book.all.push(record);
    applyParked(context, book, record);
  }
  return result;
}
