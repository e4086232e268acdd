import type { Transaction } from '@loyalty-link/core';

/** The ordering key of one transaction identity (store, register, id). */
function transactionKey(storeId: string, registerId: string, id: string): string {
  return `t:${storeId}:${registerId}:${id}`;
}

/**
 * The keys that order a transaction in the outbox. It is never delivered before an earlier pending entry
 * that shares one of them:
 * - the customer, so a customer's sales, returns and voids reach the platform in the order rung up;
 * - its own identity, so a later void or return of it waits for it;
 * - the identity of the transaction it returns or voids, so it waits for that one (an anonymous void has
 *   no customer, yet must not overtake its sale).
 */
export function orderingKeysOf(tx: Transaction): string[] {
  const keys: string[] = [];
  if (tx.customer !== undefined) {
    const value =
      tx.customer.type === 'email' || tx.customer.type === 'card'
        ? tx.customer.value.toLowerCase().replaceAll('-', '')
        : tx.customer.value;
    keys.push(`c:${tx.customer.type}:${value}`);
  }
  keys.push(transactionKey(tx.storeId, tx.registerId, tx.id));
  if (tx.originalTransactionId !== undefined) {
    keys.push(
      transactionKey(
        tx.originalStoreId ?? tx.storeId,
        tx.originalRegisterId ?? tx.registerId,
        tx.originalTransactionId,
      ),
    );
  }
  return keys;
}
