import { type Clock, LoyaltyLinkError, type Transaction, type TransactionKind } from '@loyalty-link/core';
import type { DeadLetterReason, OutboxStore } from './outbox/outbox-store';

/** A dead-lettered transaction, as an operator sees it. */
export interface DeadLetterView {
  /** The idempotency key (readable: store, register, kind, id). */
  key: string;
  /** Its place in the outbox order. */
  seq: number;
  /** The transaction id. */
  transactionId: string;
  /** Sale, return or void. */
  kind: TransactionKind;
  /** When it was recorded. */
  createdAt: number;
  /** When the platform rejected it for good. */
  deadAt: number;
  /** The platform's reason, with its stable code. */
  reason: DeadLetterReason;
  /**
   * How many requests carrying it failed (timeouts, outages) before the one the platform answered with the
   * rejection, which is not counted: 0 for a transaction rejected on its first delivery.
   */
  attempts: number;
  /** The transaction as recorded. Contains personal data: show it, never log it. */
  transaction: Transaction;
}

/** The dead-letter list: transactions the platform rejected, kept until an operator acts. */
export interface DeadLetterAdmin {
  /** Dead letters in outbox order, `limit` at a time (default 100), after the `seq` given. */
  list(options?: { limit?: number | undefined; afterSeq?: number | undefined }): Promise<DeadLetterView[]>;
  /**
   * Puts dead letters back in line, in their original order, to be sent again: after the cause was fixed
   * on the platform (the customer was registered, the program changed). Returns how many.
   */
  replay(keys: readonly string[] | 'all'): Promise<number>;
  /** Deletes dead letters for good. Returns how many. */
  discard(keys: readonly string[] | 'all'): Promise<number>;
}

/** @internal */
export function createDeadLetterAdmin(deps: {
  outbox: OutboxStore;
  clock: Clock;
  /** Whether the client was closed: the list then answers `client_closed`, as the client's own calls do. */
  isClosed: () => boolean;
  onRevived: () => void;
}): DeadLetterAdmin {
  const open = (): void => {
    if (deps.isClosed()) throw new LoyaltyLinkError('client_closed', 'The push client is closed');
  };
  const allKeys = async (): Promise<string[]> => {
    const keys: string[] = [];
    let afterSeq: number | undefined;
    for (;;) {
      const page = await deps.outbox.listDeadLetters({ afterSeq, limit: 500 });
      if (page.length === 0) return keys;
      for (const letter of page) keys.push(letter.key);
      afterSeq = page[page.length - 1]?.seq;
    }
  };
  return {
    async list(given = {}) {
      open();
      // Plain JavaScript may pass null for "no options".
      const options = given ?? {};
      const letters = await deps.outbox.listDeadLetters({ afterSeq: options.afterSeq, limit: options.limit ?? 100 });
      return letters.map((letter) => {
        const transaction = JSON.parse(letter.payload) as Transaction;
        return {
          key: letter.key,
          seq: letter.seq,
          transactionId: transaction.id,
          kind: letter.kind,
          createdAt: letter.createdAt,
          deadAt: letter.deadAt,
          reason: letter.reason,
          attempts: letter.attempts,
          transaction,
        };
      });
    },
    async replay(keys) {
      open();
      const revived = await deps.outbox.reviveDeadLetters(keys === 'all' ? await allKeys() : keys, deps.clock.now());
      if (revived > 0) deps.onRevived();
      return revived;
    },
    async discard(keys) {
      open();
      return deps.outbox.discardDeadLetters(keys === 'all' ? await allKeys() : keys);
    },
  };
}
