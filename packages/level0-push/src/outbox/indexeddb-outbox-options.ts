import { type Clock, systemClock } from '@loyalty-link/core';
import type { GroupCommitTiming } from './group-commit-timing';
import type { LeaseLocks } from './internal/web-locks-lease';

export type { LeaseLocks } from './internal/web-locks-lease';

/** Options of {@link indexedDbOutbox}. */
export interface IndexedDbOutboxOptions {
  /**
   * The IndexedDB factory. Pass `new IDBFactory()` from `fake-indexeddb` in Node tests.
   * @default globalThis.indexedDB
   */
  indexedDB?: IDBFactory;
  /**
   * The key range class of the same implementation as `indexedDB` (a range made by one implementation is
   * not accepted by another).
   * @default globalThis.IDBKeyRange
   */
  IDBKeyRange?: typeof IDBKeyRange;
  /**
   * The Web Locks API, to hold the drain lease across tabs; a tab that closes or crashes gives it up at
   * once. `null` keeps the lease in a record with an expiry instead (browsers without Web Locks).
   * @default globalThis.navigator?.locks, or null when there is none
   */
  locks?: LeaseLocks | null;
  /**
   * The clock of the timer that lets the Web Lock go when its holder stopped renewing for `ttlMs`.
   * @default systemClock
   */
  clock?: Clock;
  /**
   * When concurrent appends are written together. `immediate` (the next task, through a `MessageChannel`,
   * which background tabs do not throttle as they do timers) also gathers callers that reach `append`
   * through a few awaits, as for SQLite. While one transaction is being committed the next group forms, so
   * under load groups grow on their own whatever the timing.
   * @default 'immediate'
   */
  groupCommit?: GroupCommitTiming;
}

/**
 * The defaults of {@link IndexedDbOutboxOptions} that do not depend on the platform. `indexedDB`,
 * `IDBKeyRange` and `locks` default to the globals of the moment the store is created, so a polyfill
 * installed after this module was imported is still found.
 */
export const indexedDbOutboxDefaults: Required<Pick<IndexedDbOutboxOptions, 'clock' | 'groupCommit'>> = {
  clock: systemClock,
  groupCommit: 'immediate',
};
